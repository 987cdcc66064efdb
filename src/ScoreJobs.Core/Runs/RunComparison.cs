namespace ScoreJobs.Runs;

/// <summary>
/// Two runs side by side (CONTRACT.md "Comparison"): per-metric means, per-sample score changes matched by sample id,
/// and the regressions, samples whose score fell by more than <see cref="Margin"/>, worst first.
/// <see cref="Margin"/>, <see cref="BaseOnly"/> and <see cref="HeadOnly"/> are additions.
/// </summary>
public sealed record RunComparison
{
    public required string Base { get; init; }
    public required string Head { get; init; }

    /// <summary>How far a sample's score must fall to count as a regression.</summary>
    public required double Margin { get; init; }

    /// <summary>How far a metric's mean must move, beyond noise, to count as <c>better</c> or <c>worse</c>.</summary>
    public double MinDelta { get; init; }
    public required IReadOnlyDictionary<string, MetricDelta> Metrics { get; init; }
    public required IReadOnlyList<SampleDelta> Samples { get; init; }
    public required IReadOnlyList<Regression> Regressions { get; init; }

    /// <summary>Sample ids only the base run has.</summary>
    public required IReadOnlyList<string> BaseOnly { get; init; }

    /// <summary>Sample ids only the head run has.</summary>
    public required IReadOnlyList<string> HeadOnly { get; init; }
}

/// <summary>
/// One metric's means in the two runs and head minus base; then, over the samples scored in both (<see cref="Pairs"/>),
/// the mean paired delta's 95 % interval, its two-sided p-value, and what that says (<see cref="Change"/>).
/// </summary>
public sealed record MetricDelta(double? BaseMean, double? HeadMean, double? Delta, long BaseN, long HeadN)
{
    public int Pairs { get; init; }
    public double? MeanPairedDelta { get; init; }

    /// <summary>[low, high], or null when no sample has the metric in both runs.</summary>
    public IReadOnlyList<double>? Ci95 { get; init; }
    public double? PValue { get; init; }
    public ComparisonChange Change { get; init; } = ComparisonChange.Inconclusive;

    /// <summary>Each run's failed count and coverage for the metric, so a mean over fewer samples shows as such.</summary>
    public long BaseFailed { get; init; }
    public long HeadFailed { get; init; }
    public double? BaseCoverage { get; init; }
    public double? HeadCoverage { get; init; }
}

/// <summary>One sample's scores in the two runs, per metric (and the weighted score).</summary>
public sealed record SampleDelta(string SampleId, IReadOnlyDictionary<string, ScoreDelta> Scores)
{
    /// <summary>The two jobs, so a client can open each one's reasons.</summary>
    public string? BaseJobId { get; init; }
    public string? HeadJobId { get; init; }
}

/// <summary>A score in the base and head runs (null where it has none) and head minus base.</summary>
public sealed record ScoreDelta(double? Base, double? Head, double? Delta);

/// <summary>A sample whose score fell by more than the margin.</summary>
public sealed record Regression(string SampleId, string Metric, double Base, double Head, double Delta)
{
    public string? BaseJobId { get; init; }
    public string? HeadJobId { get; init; }
}
