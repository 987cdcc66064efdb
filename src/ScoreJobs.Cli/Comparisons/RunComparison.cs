namespace ScoreJobs.Cli.Comparisons;

/// <summary>GET /api/score/runs/{base}/compare/{head}: per-metric deltas and the samples that got worse.</summary>
internal sealed record RunComparison
{
    public required string Base { get; init; }
    public required string Head { get; init; }
    public IReadOnlyDictionary<string, MetricDelta> Metrics { get; init; } = new Dictionary<string, MetricDelta>();
    public IReadOnlyList<Regression> Regressions { get; init; } = [];

    /// <summary>How far a score must fall to count as a regression, where the server says.</summary>
    public double? Margin { get; init; }

    /// <summary>Sample ids found in only one of the two runs, where the server lists them.</summary>
    public IReadOnlyList<string>? BaseOnly { get; init; }

    public IReadOnlyList<string>? HeadOnly { get; init; }
}
