using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ScoreJobs.Labels;
using ScoreJobs.Records;

namespace ScoreJobs.Storage.Azure;

/// <summary>
/// Storage mode's labels: <c>labels/{job_id}.json</c> in the records' container, created with <c>If-None-Match: *</c>
/// and replaced with <c>If-Match</c>. The records' listing folds the prefix away under its <c>/</c> delimiter.
/// </summary>
internal sealed class BlobLabelStore(BlobContainerClient container) : ILabelStore
{
    internal const string Prefix = "labels/";

    public async Task<StoredLabels?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!JobId.IsValid(jobId)) return null;
        try
        {
            var blob = (await container.GetBlobClient(Prefix + jobId + ".json").DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            var document = JsonSerializer.Deserialize(blob.Content, LabelsJsonContext.Readable.LabelDocument);
            return new StoredLabels(document?.Labels ?? [], blob.Details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task DeleteAllAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!JobId.IsValid(jobId)) return;
        await container.GetBlobClient(Prefix + jobId + ".json").DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> TryWriteAsync(string jobId, IReadOnlyList<JobLabel> labels, string? etag, CancellationToken cancellationToken)
    {
        if (!JobId.IsValid(jobId)) throw new ArgumentException($"'{jobId}' is not a job id.", nameof(jobId));
        var conditions = etag is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(etag) };
        var content = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(new LabelDocument(labels), LabelsJsonContext.Readable.LabelDocument));
        try
        {
            var options = new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } };
            var uploaded = await container.GetBlobClient(Prefix + jobId + ".json").UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
            return uploaded.Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<JobLabels> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix }, cancellationToken).ConfigureAwait(false))
        {
            var jobId = Path.GetFileNameWithoutExtension(blob.Name[Prefix.Length..]);
            if (await GetAsync(jobId, cancellationToken).ConfigureAwait(false) is { Labels.Count: > 0 } stored) yield return new JobLabels(jobId, stored.Labels);
        }
    }
}
