using ScoreJobs.Jobs;
using ScoreJobs.Records;
using ScoreJobs.Storage;

namespace ScoreJobs.Fakes;

/// <summary>Wraps a real store and throws when a job is marked running, as a storage outage would.</summary>
internal sealed class FaultyJobStore(IJobStore inner) : IJobStore
{
    public bool FailRunningWrites { get; set; } = true;

    public Task<bool> TryCreateAsync(JobRecord record, CancellationToken cancellationToken) => inner.TryCreateAsync(record, cancellationToken);

    public Task<StoredJob?> GetAsync(string jobId, CancellationToken cancellationToken) => inner.GetAsync(jobId, cancellationToken);

    public Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken) => inner.DeleteAsync(jobId, cancellationToken);

    public Task<string?> TryReplaceAsync(JobRecord record, string etag, CancellationToken cancellationToken) =>
        FailRunningWrites && record.Status == JobStatus.Running
            ? throw new IOException("disk full")
            : inner.TryReplaceAsync(record, etag, cancellationToken);

    public IAsyncEnumerable<JobListItem> ListItemsAsync(string? afterJobId, int pageSizeHint, CancellationToken cancellationToken) =>
        inner.ListItemsAsync(afterJobId, pageSizeHint, cancellationToken);

    public Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string keyHash, IdempotencyClaim claim, CancellationToken cancellationToken) =>
        inner.ClaimIdempotencyKeyAsync(keyHash, claim, cancellationToken);

    public Task<bool> ForgetIdempotencyKeyAsync(string keyHash, IdempotencyClaim stale, CancellationToken cancellationToken) =>
        inner.ForgetIdempotencyKeyAsync(keyHash, stale, cancellationToken);
}
