using ScoreJobs.Judge;

namespace ScoreJobs.Metrics.Judged;

/// <summary>A judge call a plan would make: its reply format name, the request, the reply's expected tokens, and whether the response cache holds it.</summary>
internal sealed record PlannedJudgeCall(string ReplyName, JudgeChatRequest Request, int CompletionTokens, bool Cached);
