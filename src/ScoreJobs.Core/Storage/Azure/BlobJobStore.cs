using ScoreJobs.Records;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using ScoreJobs.Json;

namespace ScoreJobs.Storage.Azure;

/// <summary>
/// Job records as blobs: <c>{container}/{job_id}.json</c>, written with <c>If-None-Match: *</c> to create and
/// <c>If-Match: etag</c> to replace, so two workers can never both finish a job or overwrite a finished one.
/// Each blob carries its list item in metadata, and job ids sort newest first by name, so the newest page is
/// one List Blobs call and a later page one more (<c>startFrom</c> the cursor). Idempotency claims live under
/// <c>idempotency/</c> (runs under <c>runs/</c>, labels under <c>labels/</c>), which the listing folds away with a <c>/</c> delimiter.
/// </summary>
internal sealed class BlobJobStore(BlobContainerClient container, ILogger<BlobJobStore> logger, TimeProvider? time = null) : IJobStore
{
    internal const string IdempotencyPrefix = "idempotency/";

    /// <summary>The most blobs one List Blobs call returns.</summary>
    internal const int MaxListResults = 5000;

    private const string JobSuffix = ".json";
    private readonly ConditionalUpdate _claims = new(time ?? TimeProvider.System, attempts: 3);
    private volatile bool _containerReady;

    /// <summary>
    /// A store on container <paramref name="containerName"/> of the account a connection string names, its requests
    /// sent through <paramref name="httpClient"/> (tools and tests; hosts get theirs from <c>AddScoreJobs</c>).
    /// </summary>
    public BlobJobStore(StorageAccountSettings settings, string containerName, HttpClient httpClient, ILogger<BlobJobStore> logger)
        : this(settings.CreateBlobServiceClient(StorageClients.BlobOptions(httpClient)).GetBlobContainerClient(containerName), logger)
    {
    }

    public async Task<bool> TryCreateAsync(JobRecord record, CancellationToken cancellationToken)
    {
        EnsureJobId(record.JobId);
        var etag = await WriteAsync(record, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken);
        return etag is not null;
    }

    public async Task<StoredJob?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!JobId.IsValid(jobId)) return null;
        var blob = await DownloadAsync(BlobName(jobId), cancellationToken);
        if (blob is null) return null;
        try
        {
            var record = JsonSerializer.Deserialize(blob.Content, RecordJsonContext.Readable.JobRecord);
            if (record?.JobId == jobId) return new StoredJob(record, blob.Details.ETag.ToString());
            Log.CorruptBlob(logger, null, container.Name, BlobName(jobId));
        }
        catch (JsonException exception)
        {
            Log.CorruptBlob(logger, exception, container.Name, BlobName(jobId));
        }

        // Like a missing record: an unreadable blob is never scored, listed or overwritten by this store.
        return null;
    }

    public async Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken) =>
        JobId.IsValid(jobId) && (await container.GetBlobClient(BlobName(jobId)).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;

    public Task<string?> TryReplaceAsync(JobRecord record, string etag, CancellationToken cancellationToken)
    {
        EnsureJobId(record.JobId);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        return WriteAsync(record, new BlobRequestConditions { IfMatch = new ETag(etag) }, cancellationToken);
    }

    public async IAsyncEnumerable<JobListItem> ListItemsAsync(string? afterJobId, int pageSizeHint, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = afterJobId is null ? null : BlobName(afterJobId);
        var options = new GetBlobsByHierarchyOptions { Traits = BlobTraits.Metadata, Delimiter = "/", StartFrom = after };
        // startFrom is inclusive (+1), and the folded idempotency/, labels/, runs/ and usage/ prefixes take a slot each (+4).
        var pageSize = Math.Clamp(pageSizeHint + 5, 1, MaxListResults);
        string? marker = null;
        do
        {
            var page = await ListPageAsync(options, marker, pageSize, cancellationToken);
            foreach (var entry in page?.Values ?? [])
            {
                if (entry.Blob is not { } blob) continue;
                // The ordinal check also keeps paging right on a service that ignores startFrom.
                if (after is not null && string.CompareOrdinal(blob.Name, after) <= 0) continue;
                if (!TryJobId(blob.Name, out var jobId)) continue;

                var item = JobListItemMetadata.Decode(blob.Metadata);
                if (item?.JobId != jobId)
                {
                    Log.ListItemDownloaded(logger, jobId);
                    item = (await GetAsync(jobId, cancellationToken))?.Record.ToListItem();
                    if (item is null) continue;
                }

                yield return item;
            }

            marker = string.IsNullOrEmpty(page?.ContinuationToken) ? null : page.ContinuationToken;
            pageSize = Math.Min(pageSize * 2, MaxListResults);
        }
        while (marker is not null);
    }

    public async Task<bool> ForgetIdempotencyKeyAsync(string keyHash, IdempotencyClaim stale, CancellationToken cancellationToken)
    {
        var name = $"{IdempotencyPrefix}{keyHash}{JobSuffix}";
        var existing = await DownloadAsync(name, cancellationToken);
        if (existing is null) return true;
        var held = JsonSerializer.Deserialize(existing.Content, RecordJsonContext.Readable.IdempotencyClaim);
        if (held is not null && held.JobId != stale.JobId) return false;
        try
        {
            // Only the claim just read: one written since by another submitter stays.
            await container.GetBlobClient(name).DeleteAsync(conditions: new BlobRequestConditions { IfMatch = existing.Details.ETag }, cancellationToken: cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 404)
        {
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 412)
        {
            return false;
        }
    }

    public async Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string keyHash, IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(keyHash) || keyHash.Length > 128 || !keyHash.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException("An idempotency key hash is 1-128 letters, digits, '-' or '_'.", nameof(keyHash));
        }

        var name = $"{IdempotencyPrefix}{keyHash}{JobSuffix}";
        var content = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(claim, RecordJsonContext.Readable.IdempotencyClaim));
        // Create if absent, else read; a claim deleted between the two is a lost race.
        return await _claims.RunAsync(async (_, ct) =>
        {
            var created = await UploadAsync(name, content, metadata: null, new BlobRequestConditions { IfNoneMatch = ETag.All }, ct);
            if (created is not null) return UpdateAttempt<IdempotencyClaim>.Done(claim);
            if (await DownloadAsync(name, ct) is not { } existing) return UpdateAttempt<IdempotencyClaim>.Conflict;
            return UpdateAttempt<IdempotencyClaim>.Done(JsonSerializer.Deserialize(existing.Content, RecordJsonContext.Readable.IdempotencyClaim)
                ?? throw new JsonException($"Blob {name} holds no idempotency claim."));
        }, whenExhausted: () => throw new InvalidOperationException($"The idempotency claim {name} kept changing while it was read."), cancellationToken);
    }

    private Task<string?> WriteAsync(JobRecord record, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        var content = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(record, RecordJsonContext.Readable.JobRecord));
        var metadata = JobListItemMetadata.Encode(record);
        if (metadata is null) Log.ListItemTooLarge(logger, record.JobId);
        return UploadAsync(BlobName(record.JobId), content, metadata, conditions, cancellationToken);
    }

    /// <summary>Writes a blob when <paramref name="conditions"/> hold; returns its new ETag, or null when they did not.</summary>
    private async Task<string?> UploadAsync(string name, BinaryData content, IDictionary<string, string>? metadata, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" }, Metadata = metadata, Conditions = conditions };
        if (!_containerReady) await CreateContainerAsync(cancellationToken);
        try
        {
            try
            {
                return (await container.GetBlobClient(name).UploadAsync(content, options, cancellationToken)).Value.ETag.ToString();
            }
            catch (RequestFailedException exception) when (exception.ErrorCode == "ContainerNotFound")
            {
                // The container disappeared (a fresh Azurite, a deleted container): create it again.
                await CreateContainerAsync(cancellationToken);
                return (await container.GetBlobClient(name).UploadAsync(content, options, cancellationToken)).Value.ETag.ToString();
            }
        }
        catch (RequestFailedException exception) when (exception.ErrorCode is "BlobAlreadyExists" or "ConditionNotMet"
            || (exception.ErrorCode == "BlobNotFound" && conditions.IfMatch is not null))
        {
            return null;
        }
    }

    /// <summary>The blob's content and properties, or null when there is no such blob (or container).</summary>
    private async Task<BlobDownloadResult?> DownloadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await container.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    private async Task<Page<BlobHierarchyItem>?> ListPageAsync(GetBlobsByHierarchyOptions options, string? marker, int pageSize, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var page in container.GetBlobsByHierarchyAsync(options, cancellationToken).AsPages(marker, pageSize))
            {
                return page;
            }

            return null;
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == "ContainerNotFound")
        {
            return null;
        }
    }

    private async Task CreateContainerAsync(CancellationToken cancellationToken)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        if (!_containerReady) Log.ContainerReady(logger, container.Name);
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
