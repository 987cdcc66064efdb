namespace ScoreJobs.Estimates;

/// <summary>
/// What a run would spend on the judge, estimated before it is submitted: the calls the response cache cannot answer,
/// their tokens (prompts counted, replies estimated) and their cost, live and through the Batch API.
/// </summary>
/// <param name="JudgeCalls">Chat calls to the judge, cached ones excluded.</param>
/// <param name="PromptTokens">Their prompt tokens, counted on the prompts the metrics would send.</param>
/// <param name="CompletionTokens">Their reply tokens, estimated per metric (docs/guardrails.md).</param>
/// <param name="Cost">What those calls (and the embeddings calls) would cost.</param>
/// <param name="Cached">Chat calls the judge response cache already holds: no call, no tokens, no cost.</param>
public sealed record RunEstimate(int JudgeCalls, long PromptTokens, long CompletionTokens, EstimatedCost Cost, int Cached)
{
    /// <summary>Embeddings calls (answer relevancy and answer correctness with an embedding model); never cached.</summary>
    public int EmbeddingCalls { get; init; }

    /// <summary>The embeddings calls' input tokens.</summary>
    public long EmbeddingTokens { get; init; }

    /// <summary>The tokenizer's encoding the judge model's prompts were counted with (o200k_base, cl100k_base).</summary>
    public string? Encoding { get; init; }

    /// <summary>The figures per metric, for the judge metrics only (offline metrics cost nothing).</summary>
    public IReadOnlyDictionary<string, MetricEstimate> ByMetric { get; init; } = new Dictionary<string, MetricEstimate>();
}
