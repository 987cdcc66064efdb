using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using ScoreJobs.Judge;

namespace ScoreJobs.Storage.Azure;

/// <summary>
/// Storage mode: an append blob <c>usage/{job_id}.log</c> in the records' container, one block appended per judge call
/// (an append is atomic, so workers on several instances can share a job's log).
/// </summary>
internal sealed class BlobJudgeUsageLog(BlobContainerClient container) : IJudgeUsageLog
{
    public async Task AppendAsync(string jobId, int attempt, TokenUsage live, CancellationToken cancellationToken)
    {
        var blob = BlobOf(jobId);
        var line = BinaryData.FromString(new JudgeUsageEntry(attempt, live).ToLine());
        // One request when the log exists (the runner makes it as an attempt starts), so the line lands before the call goes
        // out. Not the caller's token: a call that was paid for is logged even when the job is being stopped.
        try
        {
            using var stream = line.ToStream();
            await blob.AppendBlockAsync(stream, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            await blob.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            using var stream = line.ToStream();
            await blob.AppendBlockAsync(stream, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<JudgeUsageEntry>> ReadAsync(string jobId, CancellationToken cancellationToken)
    {
        try
        {
            var content = await BlobOf(jobId).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return JudgeUsageEntry.Parse(content.Value.Content.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }
    }

    public Task DeleteAsync(string jobId, CancellationToken cancellationToken) =>
        BlobOf(jobId).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    private AppendBlobClient BlobOf(string jobId) => container.GetAppendBlobClient($"usage/{jobId}.log");
}
