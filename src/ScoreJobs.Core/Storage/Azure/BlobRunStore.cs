using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ScoreJobs.Records;

namespace ScoreJobs.Storage.Azure;

/// <summary>
/// Storage mode's runs, in the records' container: <c>runs/{run_id}.json</c> (created with <c>If-None-Match: *</c>,
/// replaced with <c>If-Match</c>) and <c>runs/{run_id}/samples-00000.jsonl</c>. Run ids sort newest first, so the
/// newest runs are the first names under <c>runs/</c>; the chunks fold away under the <c>/</c> delimiter.
/// </summary>
internal sealed class BlobRunStore(BlobContainerClient container) : IRunStore
{
    internal const string Prefix = "runs/";

    public async Task<bool> TryCreateAsync(RunManifest manifest, IReadOnlyList<IReadOnlyList<RunSample>> chunks, CancellationToken cancellationToken)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(Enumerable.Range(0, chunks.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
            await container.GetBlobClient($"{Prefix}{manifest.RunId}/{RunSampleChunk.Name(i)}")
                .UploadAsync(BinaryData.FromBytes(RunSampleChunk.Write(chunks[i])), overwrite: true, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return await UploadAsync(manifest, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken).ConfigureAwait(false) is not null;
    }

    public async Task DeleteAsync(string runId, CancellationToken cancellationToken)
    {
        if (!JobId.IsValid(runId)) return;
        var chunks = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = $"{Prefix}{runId}/" }, cancellationToken).ConfigureAwait(false)) chunks.Add(blob.Name);
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (name, ct) =>
            await container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: ct).ConfigureAwait(false)).ConfigureAwait(false);
        await container.GetBlobClient(NameOf(runId)).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredRun?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        if (!JobId.IsValid(runId)) return null;
        try
        {
            var blob = (await container.GetBlobClient(NameOf(runId)).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            return new StoredRun(Deserialize(blob.Content), blob.Details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public Task<string?> TryReplaceAsync(RunManifest manifest, string etag, CancellationToken cancellationToken) =>
        UploadAsync(manifest, new BlobRequestConditions { IfMatch = new ETag(etag) }, cancellationToken);

    public async Task<IReadOnlyList<RunManifest>> ListAsync(string? afterRunId, int limit, CancellationToken cancellationToken)
    {
        var options = new GetBlobsByHierarchyOptions { Prefix = Prefix, Delimiter = "/", StartFrom = afterRunId is null ? null : NameOf(afterRunId) };
        var ids = new List<string>(limit);
        try
        {
            await foreach (var item in container.GetBlobsByHierarchyAsync(options, cancellationToken).ConfigureAwait(false))
            {
                if (item.Blob is not { } blob || !blob.Name.EndsWith(".json", StringComparison.Ordinal)) continue;
                var id = blob.Name[Prefix.Length..^".json".Length];
                if (!JobId.IsValid(id) || (afterRunId is not null && string.CompareOrdinal(id, afterRunId) <= 0)) continue;
                ids.Add(id);
                if (ids.Count == limit) break;
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "ContainerNotFound")
        {
            return [];
        }

        var runs = await Task.WhenAll(ids.Select(id => GetAsync(id, cancellationToken))).ConfigureAwait(false);
        return [.. runs.OfType<StoredRun>().Select(r => r.Manifest)];
    }

    public async Task<IReadOnlyList<RunSample>?> ReadChunkAsync(string runId, int chunk, CancellationToken cancellationToken)
    {
        try
        {
            var blob = await container.GetBlobClient($"{Prefix}{runId}/{RunSampleChunk.Name(chunk)}").DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return RunSampleChunk.Read(blob.Value.Content.ToMemory().Span);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task<string?> UploadAsync(RunManifest manifest, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" }, Conditions = conditions };
        try
        {
            var content = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(manifest, RecordJsonContext.Readable.RunManifest));
            return (await container.GetBlobClient(NameOf(manifest.RunId)).UploadAsync(content, options, cancellationToken).ConfigureAwait(false)).Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (ex.ErrorCode is "BlobAlreadyExists" or "ConditionNotMet" || (ex.Status == 404 && conditions.IfMatch is not null))
        {
            return null;
        }
    }

    private static string NameOf(string runId) => Prefix + runId + ".json";

    private static RunManifest Deserialize(BinaryData content) =>
        JsonSerializer.Deserialize(content, RecordJsonContext.Readable.RunManifest) ?? throw new JsonException("A run manifest is empty.");
}
