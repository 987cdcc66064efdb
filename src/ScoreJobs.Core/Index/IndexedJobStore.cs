using ScoreJobs.Records;
using ScoreJobs.Storage;

namespace ScoreJobs.Index;

/// <summary>
/// The store every host uses: records through the real store, and in the same step the job's index entry. Before a
/// record write the index notes it (<see cref="IJobIndex.BeginWriteAsync"/>); after it, the entry is written and the
/// note settled. A crash in between leaves the note, which the start-up repair (embedded) follows; the worker
/// refreshes a job's entry whenever it finds the job already finished (<see cref="RefreshAsync"/>), and
/// <see cref="JobIndexRebuilder"/> rebuilds the whole index from the records. Writes of one job are serialised
/// here, so entries are written in the order their records were.
/// </summary>
internal sealed class IndexedJobStore(IJobStore records, IJobIndex index) : IJobStore, IDisposable
{
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>The store that holds the records themselves.</summary>
    public IJobStore Records => records;

    /// <summary>The index written beside them.</summary>
    public IJobIndex Index => index;

    public async Task<bool> TryCreateAsync(JobRecord record, CancellationToken cancellationToken)
    {
        var stripe = StripeOf(record.JobId);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await index.BeginWriteAsync(record.JobId, cancellationToken).ConfigureAwait(false);
            if (await records.TryCreateAsync(record, cancellationToken).ConfigureAwait(false))
            {
                await index.UpsertAsync(JobIndexEntry.From(record), cancellationToken).ConfigureAwait(false);
                return true;
            }

            await SettleAsync(record.JobId, cancellationToken).ConfigureAwait(false);
            return false;
        }
        finally
        {
            stripe.Release();
        }
    }

    public Task<StoredJob?> GetAsync(string jobId, CancellationToken cancellationToken) => records.GetAsync(jobId, cancellationToken);

    public async Task<string?> TryReplaceAsync(JobRecord record, string etag, CancellationToken cancellationToken)
    {
        var stripe = StripeOf(record.JobId);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await index.BeginWriteAsync(record.JobId, cancellationToken).ConfigureAwait(false);
            if (await records.TryReplaceAsync(record, etag, cancellationToken).ConfigureAwait(false) is { } newETag)
            {
                await index.UpsertAsync(JobIndexEntry.From(record), cancellationToken).ConfigureAwait(false);
                return newETag;
            }

            await SettleAsync(record.JobId, cancellationToken).ConfigureAwait(false);
            return null;
        }
        finally
        {
            stripe.Release();
        }
    }

    /// <summary>Deletes the record, then its entry (read back as missing): a crash in between leaves a note the repair settles.</summary>
    public async Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        var stripe = StripeOf(jobId);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await index.BeginWriteAsync(jobId, cancellationToken).ConfigureAwait(false);
            var deleted = await records.DeleteAsync(jobId, cancellationToken).ConfigureAwait(false);
            await SettleAsync(jobId, cancellationToken).ConfigureAwait(false);
            return deleted;
        }
        finally
        {
            stripe.Release();
        }
    }

    public IAsyncEnumerable<JobListItem> ListItemsAsync(string? afterJobId, int pageSizeHint, CancellationToken cancellationToken) =>
        records.ListItemsAsync(afterJobId, pageSizeHint, cancellationToken);

    public Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string keyHash, IdempotencyClaim claim, CancellationToken cancellationToken) =>
        records.ClaimIdempotencyKeyAsync(keyHash, claim, cancellationToken);

    public Task<bool> ForgetIdempotencyKeyAsync(string keyHash, IdempotencyClaim stale, CancellationToken cancellationToken) =>
        records.ForgetIdempotencyKeyAsync(keyHash, stale, cancellationToken);

    public Task CheckReadyAsync(CancellationToken cancellationToken) => records.CheckReadyAsync(cancellationToken);

    /// <summary>Brings the entry of a record just read up to date (after a crash between a record write and its entry).</summary>
    public Task RefreshAsync(JobRecord record, CancellationToken cancellationToken) => RefreshEntryAsync(record.JobId, cancellationToken);

    /// <summary>Repairs the entries of writes that began and never settled; returns how many.</summary>
    public async Task<int> RepairUnsettledAsync(CancellationToken cancellationToken)
    {
        var unsettled = await index.UnsettledAsync(cancellationToken).ConfigureAwait(false);
        foreach (var jobId in unsettled) await RefreshEntryAsync(jobId, cancellationToken).ConfigureAwait(false);
        return unsettled.Count;
    }

    public void Dispose()
    {
        foreach (var stripe in _stripes) stripe.Dispose();
    }

    private async Task RefreshEntryAsync(string jobId, CancellationToken cancellationToken)
    {
        var stripe = StripeOf(jobId);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SettleAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            stripe.Release();
        }
    }

    // Whatever the record says now is what the entry says: read it back rather than trust what was being written.
    private async Task SettleAsync(string jobId, CancellationToken cancellationToken)
    {
        var stored = await records.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (stored is null) await index.RemoveAsync(jobId, cancellationToken).ConfigureAwait(false);
        else await index.UpsertAsync(JobIndexEntry.From(stored.Record), cancellationToken).ConfigureAwait(false);
    }

    private SemaphoreSlim StripeOf(string key) => _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length)];
}
