namespace ScoreJobs.Runs;

/// <summary>
/// What a comparison concludes for one metric: <c>worse</c> or <c>better</c> when the 95 % interval of the mean paired
/// delta leaves zero out and the mean moved by at least the asked minimum, <c>none</c> when it does not, and
/// <c>inconclusive</c> when too few samples have a score in both runs to tell.
/// </summary>
public enum ComparisonChange
{
    None,
    Better,
    Worse,
    Inconclusive,
}
