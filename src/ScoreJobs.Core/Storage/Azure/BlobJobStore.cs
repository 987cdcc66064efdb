using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ScoreJobs.Jobs;
using ScoreJobs.Json;

namespace ScoreJobs.Storage.Azure;

/// <summary>
/// Job records as blobs: <c>{container}/{job_id}.json</c>, written with <c>If-None-Match: *</c> to create and
/// <c>If-Match: etag</c> to replace, so two workers can never both finish a job or overwrite a finished one.
/// Each blob carries its list item in metadata, and job ids sort newest first by name, so the newest page is
/// one List Blobs call and a later page one more (<c>startFrom</c> the cursor). Idempotency claims live under
/// <c>idempotency/</c>, which the listing folds away with a <c>/</c> delimiter.
/// </summary>
public sealed class BlobJobStore : IJobStore
{
    internal const string IdempotencyPrefix = "idempotency/";
    private const string JobSuffix = ".json";
    private const string JsonContentType = "application/json";

    private readonly BlobRestClient _blobs;
    private readonly ILogger<BlobJobStore> _logger;
    private volatile bool _containerReady;

    internal BlobJobStore(BlobRestClient blobs, ILogger<BlobJobStore> logger)
    {
        _blobs = blobs;
        _logger = logger;
    }

    /// <summary>A store on container <paramref name="containerName"/> of the account that <paramref name="httpClient"/> is authenticated to.</summary>
    public BlobJobStore(StorageAccountSettings settings, string containerName, HttpClient httpClient, ILogger<BlobJobStore> logger)
        : this(new BlobRestClient(httpClient, new Uri($"{settings.BlobEndpoint}/{containerName}")), logger)
    {
    }

    public async Task<bool> TryCreateAsync(JobRecord record, CancellationToken cancellationToken)
    {
        EnsureJobId(record.JobId);
        var etag = await WriteAsync(record, ifMatch: null, ifNoneMatch: "*", cancellationToken);
        return etag is not null;
    }

    public async Task<StoredJob?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!JobId.IsValid(jobId)) return null;
        var blob = await _blobs.GetBlobAsync(BlobName(jobId), cancellationToken);
        if (blob is null) return null;
        try
        {
            var record = JsonSerializer.Deserialize(blob.Content, ScoreJobsJsonContext.Readable.JobRecord);
            if (record?.JobId == jobId) return new StoredJob(record, blob.ETag);
            Log.CorruptBlob(_logger, null, _blobs.ContainerName, BlobName(jobId));
        }
        catch (JsonException exception)
        {
            Log.CorruptBlob(_logger, exception, _blobs.ContainerName, BlobName(jobId));
        }

        // Like a missing record: an unreadable blob is never scored, listed or overwritten by this store.
        return null;
    }

    public Task<string?> TryReplaceAsync(JobRecord record, string etag, CancellationToken cancellationToken)
    {
        EnsureJobId(record.JobId);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        return WriteAsync(record, ifMatch: etag, ifNoneMatch: null, cancellationToken);
    }

    public async IAsyncEnumerable<JobRecord> ScanAsync(string? afterJobId, int pageSizeHint, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = afterJobId is null ? null : BlobName(afterJobId);
        // startFrom is inclusive (+1), and the folded idempotency/ prefix takes a slot (+1).
        var pageSize = Math.Clamp(pageSizeHint + 2, 1, BlobRestClient.MaxListResults);
        string? marker = null;
        do
        {
            var page = await _blobs.ListBlobsAsync(prefix: null, delimiter: "/", startFrom: after, marker, pageSize, includeMetadata: true, cancellationToken);
            foreach (var blob in page.Blobs)
            {
                // The ordinal check also keeps paging right on a service that ignores startFrom.
                if (after is not null && string.CompareOrdinal(blob.Name, after) <= 0) continue;
                if (!TryJobId(blob.Name, out var jobId)) continue;

                var item = JobListItemMetadata.Decode(blob.Metadata);
                if (item?.JobId != jobId)
                {
                    Log.ListItemDownloaded(_logger, jobId);
                    item = (await GetAsync(jobId, cancellationToken))?.Record.ToListItem();
                    if (item is null) continue;
                }

                yield return item;
            }

            marker = page.NextMarker;
            pageSize = Math.Min(pageSize * 2, BlobRestClient.MaxListResults);
        }
        while (marker is not null);
    }

    public async Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string keyHash, IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(keyHash) || keyHash.Length > 128 || !keyHash.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException("An idempotency key hash is 1-128 letters, digits, '-' or '_'.", nameof(keyHash));
        }

        var name = $"{IdempotencyPrefix}{keyHash}{JobSuffix}";
        var content = JsonSerializer.SerializeToUtf8Bytes(claim, ScoreJobsJsonContext.Readable.IdempotencyClaim);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var created = await WithContainerAsync(
                ct => _blobs.PutBlobAsync(name, content, JsonContentType, metadata: null, ifMatch: null, ifNoneMatch: "*", ct),
                cancellationToken);
            if (created is not null) return claim;

            var existing = await _blobs.GetBlobAsync(name, cancellationToken);
            if (existing is not null)
            {
                return JsonSerializer.Deserialize(existing.Content, ScoreJobsJsonContext.Readable.IdempotencyClaim)
                    ?? throw new JsonException($"Blob {name} holds no idempotency claim.");
            }
        }

        throw new InvalidOperationException($"The idempotency claim {name} kept changing while it was read.");
    }

    private Task<string?> WriteAsync(JobRecord record, string? ifMatch, string? ifNoneMatch, CancellationToken cancellationToken)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(record, ScoreJobsJsonContext.Readable.JobRecord);
        var metadata = JobListItemMetadata.Encode(record);
        if (metadata is null) Log.ListItemTooLarge(_logger, record.JobId);
        return WithContainerAsync(
            ct => _blobs.PutBlobAsync(BlobName(record.JobId), content, JsonContentType, metadata, ifMatch, ifNoneMatch, ct),
            cancellationToken);
    }

    // Creates the container on first use, and again if it disappears (a fresh Azurite, a deleted container).
    private async Task<T> WithContainerAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        if (!_containerReady) await CreateContainerAsync(cancellationToken);
        try
        {
            return await write(cancellationToken);
        }
        catch (StorageRequestException exception) when (exception.ErrorCode == "ContainerNotFound")
        {
            await CreateContainerAsync(cancellationToken);
            return await write(cancellationToken);
        }
    }

    private async Task CreateContainerAsync(CancellationToken cancellationToken)
    {
        await _blobs.CreateContainerIfNotExistsAsync(cancellationToken);
        if (!_containerReady) Log.ContainerReady(_logger, _blobs.ContainerName);
        _containerReady = true;
    }

    internal static string BlobName(string jobId) => jobId + JobSuffix;

    private static bool TryJobId(string blobName, out string jobId)
    {
        jobId = blobName.EndsWith(JobSuffix, StringComparison.Ordinal) ? blobName[..^JobSuffix.Length] : "";
        return JobId.IsValid(jobId);
    }

    private static void EnsureJobId(string jobId)
    {
        if (!JobId.IsValid(jobId)) throw new ArgumentException($"'{jobId}' is not a job id.", nameof(jobId));
    }
}
