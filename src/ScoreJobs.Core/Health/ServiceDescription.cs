namespace ScoreJobs.Health;

/// <summary>How this instance is wired, for /api/health: storage and queue kinds, where records live, the judge.</summary>
public sealed record ServiceDescription(string Storage, string Queue, string Location, JudgeDescription Judge);
