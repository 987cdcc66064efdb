namespace ScoreJobs.Callbacks;

/// <summary>One delivery attempt: when, the receiver's HTTP status (null when none came back), why it failed, how long it took.</summary>
public sealed record CallbackAttempt(DateTimeOffset At, int? StatusCode, string? Error, long DurationMs);
