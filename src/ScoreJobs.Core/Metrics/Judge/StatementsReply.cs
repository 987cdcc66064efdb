namespace ScoreJobs.Metrics.Judge;

/// <summary>A text broken into atomic statements.</summary>
internal sealed record StatementsReply(IReadOnlyList<string> Statements);
