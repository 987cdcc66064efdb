namespace ScoreJobs.Callbacks;

/// <summary>What one delivery attempt came to, and the attempt as the record keeps it.</summary>
public sealed record CallbackResult(CallbackOutcome Outcome, CallbackAttempt Attempt);
