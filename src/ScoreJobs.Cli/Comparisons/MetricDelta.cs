namespace ScoreJobs.Cli.Comparisons;

internal sealed record MetricDelta
{
    public double? BaseMean { get; init; }
    public double? HeadMean { get; init; }
    public double? Delta { get; init; }
    public int BaseN { get; init; }
    public int HeadN { get; init; }
    public int BaseFailed { get; init; }
    public int HeadFailed { get; init; }
    public double? BaseCoverage { get; init; }
    public double? HeadCoverage { get; init; }
}
