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

    /// <summary>Samples scored in both runs, and the 95 % interval of their mean delta, where the server gives them.</summary>
    public int? Pairs { get; init; }
    public IReadOnlyList<double>? Ci95 { get; init; }
    public double? PValue { get; init; }

    /// <summary>worse, better, none or inconclusive, where the server says.</summary>
    public string? Change { get; init; }

    public bool IsWorse => string.Equals(Change, "worse", StringComparison.Ordinal);
}
