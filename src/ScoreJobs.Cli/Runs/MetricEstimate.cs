namespace ScoreJobs.Cli.Runs;

/// <summary>One judge metric's share of a <see cref="JudgeEstimate"/>.</summary>
internal sealed record MetricEstimate(int JudgeCalls, long PromptTokens, long CompletionTokens, int Cached, int EmbeddingCalls);
