namespace ScoreJobs.Cli.Runs;

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
