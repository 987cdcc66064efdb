using Microsoft.Extensions.Options;
using ScoreJobs.Records;

namespace ScoreJobs.Storage;

/// <summary>
/// Idempotency keys with a lifetime: a key answers with its first job for <see cref="ScoreJobsOptions.IdempotencyDays"/>,
/// and a key whose job no longer exists (deleted, swept by retention) is forgotten, so the same key makes a new job
/// instead of pointing at nothing. A claim younger than <see cref="Grace"/> whose record is missing is left alone: its
/// submitter may be between claiming the key and storing the record, and a retry finishes that work.
/// </summary>
internal sealed class IdempotencyKeys(IJobStore store, TimeProvider time, ScoreJobsOptions options)
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    /// <summary>The claim that holds the key after <paramref name="claim"/> tried it: <paramref name="claim"/> itself when it was free (or freed).</summary>
    public async Task<IdempotencyClaim> ClaimAsync(
        string keyHash, IdempotencyClaim claim, Func<string, CancellationToken, Task<bool>> exists, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        claim = claim with { ClaimedAt = now };
        var holder = await store.ClaimIdempotencyKeyAsync(keyHash, claim, cancellationToken).ConfigureAwait(false);
        if (holder.JobId == claim.JobId) return holder;

        var age = holder.ClaimedAt is { } claimedAt ? now - claimedAt : TimeSpan.MaxValue;
        var expired = age > TimeSpan.FromDays(options.IdempotencyDays);
        if (!expired && (age <= Grace || await exists(holder.JobId, cancellationToken).ConfigureAwait(false))) return holder;

        await store.ForgetIdempotencyKeyAsync(keyHash, holder, cancellationToken).ConfigureAwait(false);
        return await store.ClaimIdempotencyKeyAsync(keyHash, claim, cancellationToken).ConfigureAwait(false);
    }
}
