using ScoreJobs.Records;

namespace ScoreJobs.Storage;

/// <summary>
/// Where job records live: a local folder, or a blob container. Writes are conditional so that two
/// workers can never both finish a job, and a finished record is never overwritten.
/// Faults of the medium surface as exceptions; "not there" and "changed under you" are results.
/// </summary>
public interface IJobStore
{
    /// <summary>Stores a new record; false when a record with that id already exists.</summary>
    Task<bool> TryCreateAsync(JobRecord record, CancellationToken cancellationToken);

    /// <summary>The full record (with the request and details), or null when there is none.</summary>
    Task<StoredJob?> GetAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Replaces the record only if it is still at <paramref name="etag"/>: the new etag, or null when it had changed.</summary>
    Task<string?> TryReplaceAsync(JobRecord record, string etag, CancellationToken cancellationToken);

    /// <summary>Deletes the record; false when there was none. A worker's later conditional write of it then fails, as for a changed record.</summary>
    Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// List items (see <see cref="JobRecord.ToListItem"/>) newest first, starting after the job
    /// <paramref name="afterJobId"/> (or at the newest). Reading the first page must cost about
    /// <paramref name="pageSizeHint"/> records' work, not the whole store's.
    /// </summary>
    IAsyncEnumerable<JobListItem> ListItemsAsync(string? afterJobId, int pageSizeHint, CancellationToken cancellationToken);

    /// <summary>
    /// Binds an idempotency key (already hashed) to a job if it is free, and returns the claim that holds:
    /// <paramref name="claim"/> when it was free, the earlier one otherwise.
    /// </summary>
    Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string keyHash, IdempotencyClaim claim, CancellationToken cancellationToken);

    /// <summary>
    /// Frees an idempotency key if <paramref name="stale"/> (same job) still holds it: the key expired, or its job is gone.
    /// False when another claim holds it by now.
    /// </summary>
    Task<bool> ForgetIdempotencyKeyAsync(string keyHash, IdempotencyClaim stale, CancellationToken cancellationToken);

    /// <summary>
    /// A worker or a replayed submit has just read <paramref name="record"/> as stored. A store that keeps an index beside
    /// the records brings the job's entry up to date, which repairs a crash between a record write and its entry; others
    /// do nothing.
    /// </summary>
    Task RefreshAsync(JobRecord record, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// One cheap call that shows the store answers (for readiness); throws when it does not. By default it reads the
    /// newest list item: one small list request on a blob container.
    /// </summary>
    async Task CheckReadyAsync(CancellationToken cancellationToken)
    {
        var items = ListItemsAsync(null, 1, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (items.ConfigureAwait(false))
        {
            await items.MoveNextAsync().ConfigureAwait(false);
        }
    }
}
