namespace ScoreJobs.Metrics.Judged;

/// <summary>A text broken into atomic statements.</summary>
internal sealed record StatementsReply(IReadOnlyList<string> Statements);
