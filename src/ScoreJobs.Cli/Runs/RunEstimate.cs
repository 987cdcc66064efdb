namespace ScoreJobs.Cli.Runs;

/// <summary>The 200 of POST /api/score/runs?dry_run=true: the run as it would be submitted and what it would spend.</summary>
internal sealed record RunEstimate
{
    public int Samples { get; init; }
    public IReadOnlyList<string> Metrics { get; init; } = [];
    public string? Mode { get; init; }
    public string? JudgeModel { get; init; }
    public required JudgeEstimate Estimate { get; init; }
}

/// <summary>The judge calls, tokens and cost of a <see cref="RunEstimate"/>, cached calls left out.</summary>
internal sealed record JudgeEstimate
{
    public int JudgeCalls { get; init; }
    public long PromptTokens { get; init; }
    public long CompletionTokens { get; init; }
    public int Cached { get; init; }
    public int EmbeddingCalls { get; init; }
    public long EmbeddingTokens { get; init; }
    public string? Encoding { get; init; }
    public EstimatedCost? Cost { get; init; }
    public IReadOnlyDictionary<string, MetricEstimate> ByMetric { get; init; } = new Dictionary<string, MetricEstimate>();
}

internal sealed record MetricEstimate(int JudgeCalls, long PromptTokens, long CompletionTokens, int Cached, int EmbeddingCalls);

internal sealed record EstimatedCost(decimal? Live, decimal? Batch, string? Currency, string? Reason);
