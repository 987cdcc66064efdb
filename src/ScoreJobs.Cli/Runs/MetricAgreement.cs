namespace ScoreJobs.Cli.Runs;

/// <summary>How far the judge agrees with a run's labelled samples on one metric; null figures could not be computed.</summary>
internal sealed record MetricAgreement
{
    public int N { get; init; }
    public double? Spearman { get; init; }
    public double? Kappa { get; init; }
}
