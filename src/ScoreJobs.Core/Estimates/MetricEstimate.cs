namespace ScoreJobs.Estimates;

/// <summary>One judge metric's share of a <see cref="RunEstimate"/>.</summary>
public sealed record MetricEstimate(int JudgeCalls, long PromptTokens, long CompletionTokens, int Cached, int EmbeddingCalls);
