namespace ScoreJobs.Records;

/// <summary>Which job an <c>Idempotency-Key</c> belongs to, and the hash of the request that first used it.</summary>
public sealed record IdempotencyClaim(string JobId, string RequestHash);
