namespace ScoreJobs.Cli.Comparisons;

/// <summary>GET /api/score/runs/{base}/compare/{head}: per-metric deltas and the samples that got worse.</summary>
internal sealed record RunComparison
{
    public required string Base { get; init; }
    public required string Head { get; init; }
    public IReadOnlyDictionary<string, MetricDelta> Metrics { get; init; } = new Dictionary<string, MetricDelta>();
    public IReadOnlyList<Regression> Regressions { get; init; } = [];
}
