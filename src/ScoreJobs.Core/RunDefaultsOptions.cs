namespace ScoreJobs;

/// <summary>The <c>ScoreJobs:Runs</c> section: what a dataset run gets when its request does not say.</summary>
public sealed class RunDefaultsOptions
{
    /// <summary>
    /// A run passes only when each thresholded metric scored at least this share of the samples that asked for it
    /// (a run's <c>min_coverage</c> overrides it), so a mean over 60 of 100 samples cannot pass as if over 100.
    /// </summary>
    public double MinCoverage { get; set; } = ScoreJobsOptions.DefaultMinCoverage;
}
