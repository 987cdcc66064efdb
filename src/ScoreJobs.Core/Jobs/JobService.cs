using ScoreJobs.Records;
using ScoreJobs.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Callbacks;
using ScoreJobs.Index;
using ScoreJobs.Json;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Requests;
using ScoreJobs.Storage;
using ScoreJobs.Telemetry;

namespace ScoreJobs.Jobs;

/// <summary>Submits jobs (record first, then the queue message) and reads them back.</summary>
public sealed class JobService(
    IJobStore store, IJobIndex index, IJobQueue queue, TimeProvider time, ILogger<JobService> logger, IOptions<ScoreJobsOptions>? options = null)
{
    private readonly IdempotencyKeys _keys = new(store, time, options?.Value ?? new ScoreJobsOptions());

    /// <summary>
    /// Stores a <c>queued</c> record and enqueues its id. With an idempotency key, the same key and request
    /// return the earlier job; the same key with another request is a conflict.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(ScoreRequest request, MetricSelection selection, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var span = JobTelemetry.StartSubmit();
        try
        {
            var result = await SubmitTracedAsync(request, selection, idempotencyKey, cancellationToken).ConfigureAwait(false);
            if (result.Job is { } job) JobTelemetry.Submitted(span, job.JobId, job.Status.ToString(), result.Replayed);
            return result;
        }
        catch (Exception ex)
        {
            JobTelemetry.Failed(span, ex);
            throw;
        }
    }

    private async Task<SubmitResult> SubmitTracedAsync(ScoreRequest request, MetricSelection selection, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // The record keeps the resolved metric list, so a later change of configuration cannot change what this job scores.
        var metrics = selection.Effective.Select(m => m.Name).Concat(selection.Skipped.Keys).ToList();
        var resolved = request with { Metrics = metrics };
        var jobId = JobId.New(now);

        if (idempotencyKey is not null)
        {
            var claim = new IdempotencyClaim(jobId, Hash(JsonSerializer.SerializeToUtf8Bytes(request, RecordJsonContext.Readable.ScoreRequest)));
            var holder = await _keys.ClaimAsync(Hash(Encoding.UTF8.GetBytes(idempotencyKey)), claim,
                async (id, ct) => await store.GetAsync(id, ct).ConfigureAwait(false) is not null, cancellationToken).ConfigureAwait(false);
            if (holder.JobId != jobId)
            {
                if (holder.RequestHash != claim.RequestHash) return SubmitResult.Conflict;
                var earlier = await store.GetAsync(holder.JobId, cancellationToken).ConfigureAwait(false);
                if (earlier is not null) return await ReplayAsync(earlier.Record, cancellationToken).ConfigureAwait(false);

                // The first submitter claimed the key but died before storing its record: finish its work.
                jobId = holder.JobId;
            }
        }

        var record = JobRecord.Queued(jobId, now, resolved, selection);
        if (!await store.TryCreateAsync(record, cancellationToken).ConfigureAwait(false))
        {
            var existing = await store.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
            return existing is null
                ? SubmitResult.Accepted(record, replayed: true)
                : await ReplayAsync(existing.Record, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await queue.EnqueueAsync(new JobMessage.ScoreJob(jobId) { Traceparent = JobTelemetry.CurrentTraceparent() }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not accepted after all: say so on the record rather than leave a queued job nobody will run.
            Log.EnqueueFailed(logger, ex, jobId);
            await TryMarkNotQueuedAsync(record, cancellationToken).ConfigureAwait(false);
            throw;
        }

        Log.Submitted(logger, jobId, metrics.Count);
        return SubmitResult.Accepted(record, replayed: false);
    }

    public async Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken) =>
        (await store.GetAsync(jobId, cancellationToken).ConfigureAwait(false))?.Record;

    /// <summary>One page, newest first, from the job index: every filter is a range of the index, never a scan of the records.</summary>
    public Task<JobPage> ListAsync(JobFilter filter, int limit, string? afterJobId, CancellationToken cancellationToken) =>
        index.ListAsync(filter, limit, afterJobId, cancellationToken);

    /// <summary>
    /// The earlier job for a repeated key. If it is still queued, the first attempt may have stored the record and
    /// never sent its message (the process was killed, or storage failed, between the two; the client saw no 202 and
    /// retried), so it is queued again. A second message for a job is harmless: the runner is idempotent, and the
    /// in-process queue keeps one pending message per job.
    /// </summary>
    private async Task<SubmitResult> ReplayAsync(JobRecord earlier, CancellationToken cancellationToken)
    {
        // The first attempt may also have died between its record and its index entry.
        await store.RefreshAsync(earlier, cancellationToken).ConfigureAwait(false);
        if (earlier.Status == JobStatus.Queued)
        {
            await queue.EnqueueAsync(new JobMessage.ScoreJob(earlier.JobId), cancellationToken).ConfigureAwait(false);
        }

        Log.SubmitReplayed(logger, earlier.JobId);
        return SubmitResult.Accepted(earlier, replayed: true);
    }

    private async Task TryMarkNotQueuedAsync(JobRecord record, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await store.GetAsync(record.JobId, cancellationToken).ConfigureAwait(false);
            if (stored is null || stored.Record.Status != JobStatus.Queued) return;
            var failed = stored.Record with
            {
                Status = JobStatus.Failed,
                FinishedAt = time.GetUtcNow(),
                Error = "The job could not be queued (the queue was unavailable); the client was told to retry.",
            };
            await store.TryReplaceAsync(failed, stored.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.MarkFailedFailed(logger, ex, record.JobId);
        }
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
