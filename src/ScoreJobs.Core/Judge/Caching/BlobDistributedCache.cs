using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Caching.Distributed;

namespace ScoreJobs.Judge.Caching;

/// <summary>
/// The judge response cache in Azure Storage mode: one blob per entry in its own container (<c>score-jobs-cache</c>
/// beside the records' <c>score-jobs</c>; see <see cref="JudgeCacheServiceCollectionExtensions.ContainerFor"/>), the expiry in the blob's metadata (<c>expires</c>, Unix ms). An expired
/// entry is deleted when it is next read; a lifecycle management rule on the container can sweep the rest.
/// The container is created by the first write.
/// </summary>
internal sealed class BlobDistributedCache(BlobContainerClient container, TimeProvider time) : IDistributedCache
{
    private const string ExpiresMetadata = "expires";

    public BlobContainerClient Container => container;

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var blob = container.GetBlobClient(key);
        BlobDownloadResult download;
        try
        {
            download = (await blob.DownloadContentAsync(token).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        if (download.Details.Metadata.TryGetValue(ExpiresMetadata, out var expires)
            && (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || time.GetUtcNow().ToUnixTimeMilliseconds() >= ms))
        {
            await blob.DeleteIfExistsAsync(cancellationToken: token).ConfigureAwait(false);
            return null;
        }

        return download.Content.ToArray();
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        var expires = CacheExpiry.Of(options, time);
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Metadata = expires is { } at
                ? new Dictionary<string, string> { [ExpiresMetadata] = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) }
                : null,
        };
        try
        {
            await container.GetBlobClient(key).UploadAsync(BinaryData.FromBytes(value), upload, token).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "ContainerNotFound")
        {
            await container.CreateIfNotExistsAsync(cancellationToken: token).ConfigureAwait(false);
            await container.GetBlobClient(key).UploadAsync(BinaryData.FromBytes(value), upload, token).ConfigureAwait(false);
        }
    }

    public void Refresh(string key)
    {
        // Absolute expiration only: nothing to refresh.
    }

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        try
        {
            await container.GetBlobClient(key).DeleteIfExistsAsync(cancellationToken: token).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "ContainerNotFound")
        {
            // Nothing was ever written.
        }
    }
}
