namespace ScoreJobs.Records;

/// <summary>Which job an <c>Idempotency-Key</c> belongs to, and the hash of the request that first used it.</summary>
public sealed record IdempotencyClaim(string JobId, string RequestHash)
{
    /// <summary>When the key was first used; null on claims written before keys expired (they count as expired).</summary>
    public DateTimeOffset? ClaimedAt { get; init; }
}
