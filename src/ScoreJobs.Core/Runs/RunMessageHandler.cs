using System.Diagnostics;
using ScoreJobs.Deletion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ScoreJobs.Index;
using ScoreJobs.Labels;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Records;
using ScoreJobs.Requests;
using ScoreJobs.Storage;

namespace ScoreJobs.Runs;

/// <summary>
/// Handles a run's own messages on the runs lane. An expansion message creates the jobs of one stored chunk of
/// samples and queues them, after queuing the next chunk's message; a retry message queues again one page of the
/// run's jobs that did not fully score, then the next page's message; a batch message drives a batch-mode run's batches
/// (<see cref="BatchRunDriver"/>), which ends in an expansion message. All are idempotent: job ids are derived from
/// the run id and the sample's position, creation is create-only, and a retry only touches finished jobs. Storage
/// faults surface as exceptions, so the message comes back.
/// </summary>
public sealed class RunMessageHandler(
    IRunStore runs, IJobStore jobs, IJobIndex index, MetricCatalog catalog, [FromKeyedServices(QueueLanes.Runs)] IJobQueue queue, RunCallbackRunner callbacks,
    JobDeleter deleter, TimeProvider time, ILogger<RunMessageHandler> logger)
{
    private const int DeletePageSize = 200;

    private const int RetryPageSize = 200;
    // Creates and re-queues at once: enough to keep a Storage account busy, few enough that live submits, which
    // share the store and the index writer with them, are not queued behind a run's thousands.
    private const int Writers = 4;

    private readonly ConditionalUpdate _requeues = new(time, attempts: 5);

    /// <summary>The batch phase of batch-mode runs; without it (a host that wires none) they are expanded and scored live.</summary>
    internal BatchRunDriver? Batches { get; init; }

    /// <summary>Where a sample's own label goes once its job exists; without it (a host that wires none) dataset labels are dropped.</summary>
    internal LabelService? Labels { get; init; }

    /// <summary>False when the message names no stored run (poison).</summary>
    public async Task<bool> HandleAsync(JobMessage.RunMessage message, CancellationToken cancellationToken)
    {
        if (message is JobMessage.RunCallback callback) return await callbacks.DeliverAsync(callback.RunId, callback.Attempt, cancellationToken).ConfigureAwait(false);
        if (await runs.GetAsync(message.RunId, cancellationToken).ConfigureAwait(false) is not { } stored) return message is JobMessage.DeleteRun; // a deletion done already

        // A run being deleted is not expanded, retried or batched any more.
        if (stored.Manifest.DeletedAt is not null && message is not JobMessage.DeleteRun) return true;
        await (message switch
        {
            JobMessage.DeleteRun => DeleteAsync(stored.Manifest, cancellationToken),
            JobMessage.PollBatch poll when Batches is not null => Batches.HandleAsync(stored, poll.Round, cancellationToken),
            JobMessage.PollBatch => ExpandAsync(stored, 0, cancellationToken),
            JobMessage.ExpandRun expand => ExpandAsync(stored, expand.Chunk, cancellationToken),
            JobMessage.RetryRun retry => RetryAsync(stored.Manifest, retry.AfterJobId, cancellationToken),
            _ => throw new UnreachableException($"Run message {message.GetType().Name} has no handler."),
        }).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Deletes the first page of the run's jobs (as listed by the index) and queues itself again, so other runs' messages
    /// are not held behind a deletion of thousands; with no job left, deletes the run's samples and manifest. Listing from
    /// the start each time makes a redelivery harmless: what was deleted is no longer listed.
    /// </summary>
    private async Task DeleteAsync(RunManifest manifest, CancellationToken cancellationToken)
    {
        var page = await index.ListAsync(new JobFilter { RunId = manifest.RunId }, DeletePageSize, null, cancellationToken).ConfigureAwait(false);
        if (page.Jobs.Count > 0)
        {
            await Parallel.ForEachAsync(page.Jobs, new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = cancellationToken }, async (job, ct) =>
                await deleter.DeleteKnownAsync(job.JobId, ct).ConfigureAwait(false)).ConfigureAwait(false);
            await queue.EnqueueAsync(new JobMessage.DeleteRun(manifest.RunId), cancellationToken).ConfigureAwait(false);
            return;
        }

        await runs.DeleteAsync(manifest.RunId, cancellationToken).ConfigureAwait(false);
        RunLog.RunDeleted(logger, manifest.RunId);
    }

    private async Task ExpandAsync(StoredRun stored, int chunk, CancellationToken cancellationToken)
    {
        var manifest = stored.Manifest;
        if (manifest.CancelledAt is not null || chunk >= manifest.Chunks) return;
        var first = chunk * RunManifest.ChunkSize;
        var samples = await runs.ReadChunkAsync(manifest.RunId, chunk, cancellationToken).ConfigureAwait(false);
        if (samples is null)
        {
            await RecordErrorAsync(stored, $"The stored samples of chunk {chunk + 1} of {manifest.Chunks} are missing, so {manifest.Samples - first} samples from number {first + 1} got no job.", cancellationToken).ConfigureAwait(false);
            return;
        }

        // The next chunk first: the run's jobs are all listed (queued) soon after the submit, not one chunk at a time.
        // A redelivery (a crash mid-expansion) whose next chunk has begun leaves that chunk to its own message: queuing it
        // again would start one more chain through every later chunk per kill, each re-queuing every job still queued.
        if (chunk + 1 < manifest.Chunks
            && await jobs.GetAsync(RunJobId.For(manifest.RunId, (chunk + 1) * RunManifest.ChunkSize), cancellationToken).ConfigureAwait(false) is null)
        {
            await queue.EnqueueAsync(new JobMessage.ExpandRun(manifest.RunId, chunk + 1), cancellationToken).ConfigureAwait(false);
        }

        var created = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, samples.Count), new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var jobId = RunJobId.For(manifest.RunId, first + i);
            var record = NewJob(manifest, jobId, samples[i]);
            var isNew = await jobs.TryCreateAsync(record, ct).ConfigureAwait(false);
            // Before the job is queued, so a finished job's run never lacks its labels; again on a redelivery (a no-op then).
            if (samples[i].Label is { } label && Labels is not null) await Labels.SetAsync(jobId, label with { UpdatedAt = manifest.CreatedAt }, ct).ConfigureAwait(false);
            if (isNew)
            {
                Interlocked.Increment(ref created);
                if (!record.IsFinished) await queue.EnqueueAsync(new JobMessage.ScoreJob(jobId), ct).ConfigureAwait(false);
                return;
            }

            // Created by an earlier delivery of this message, which may have died before queuing it.
            if (await jobs.GetAsync(jobId, ct).ConfigureAwait(false) is { Record.Status: JobStatus.Queued }) await queue.EnqueueAsync(new JobMessage.ScoreJob(jobId), ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        RunLog.RunExpanded(logger, manifest.RunId, chunk + 1, manifest.Chunks, created);
    }

    private JobRecord NewJob(RunManifest manifest, string jobId, RunSample sample)
    {
        var errors = new RequestErrors();
        var selection = catalog.Select(sample.Request, errors);
        if (selection is null)
        {
            // Checked at submit; only a change of configuration since (a judge removed) gets here. The sample is failed with the reason.
            return JobRecord.Queued(jobId, manifest.CreatedAt, sample.Request, new MetricSelection([], new Dictionary<string, string>(), new Dictionary<string, double>())) with
            {
                RunId = manifest.RunId,
                SampleId = sample.SampleId,
                Status = JobStatus.Failed,
                FinishedAt = time.GetUtcNow(),
                Error = $"The sample can no longer be scored here: {errors}",
            };
        }

        return JobRecord.Queued(jobId, manifest.CreatedAt, sample.Request, selection) with { RunId = manifest.RunId, SampleId = sample.SampleId };
    }

    private async Task RetryAsync(RunManifest manifest, string after, CancellationToken cancellationToken)
    {
        var page = await index.ListAsync(new JobFilter { RunId = manifest.RunId }, RetryPageSize, after.Length == 0 ? null : after, cancellationToken).ConfigureAwait(false);
        if (page.NextCursor is not null) await queue.EnqueueAsync(new JobMessage.RetryRun(manifest.RunId, page.Jobs[^1].JobId), cancellationToken).ConfigureAwait(false);
        var queued = 0;
        await Parallel.ForEachAsync(page.Jobs.Where(NeedsRetry), new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            if (await RequeueAsync(item.JobId, ct).ConfigureAwait(false)) Interlocked.Increment(ref queued);
        }).ConfigureAwait(false);
        RunLog.RunRetrySwept(logger, manifest.RunId, page.Jobs.Count, queued);
    }

    /// <summary>A finished job that did not score everything it could: failed, cancelled, or with a metric that failed.</summary>
    internal static bool NeedsRetry(JobListItem item) =>
        item.Status is JobStatus.Failed or JobStatus.Cancelled ||
        (item.Status == JobStatus.Completed && FailedMetrics(item).Any());

    private static IEnumerable<string> FailedMetrics(JobListItem record) =>
        record is JobRecord { Details: { } details }
            ? details.Where(d => d.Value.Status == MetricStatus.Failed).Select(d => d.Key)
            : record.Scores.Where(s => s.Value is null && !record.SkippedMetrics.Contains(s.Key)).Select(s => s.Key);

    private Task<bool> RequeueAsync(string jobId, CancellationToken cancellationToken) =>
        _requeues.RunAsync(async (_, ct) =>
        {
            if (await jobs.GetAsync(jobId, ct).ConfigureAwait(false) is not { } stored) return UpdateAttempt<bool>.Done(false);
            var record = stored.Record;
            if (!record.IsFinished || !NeedsRetry(record)) return UpdateAttempt<bool>.Done(false);
            var retry = record with
            {
                Status = JobStatus.Queued,
                StartedAt = null,
                FinishedAt = null,
                Error = null,
                // A completed job scores only its failed metrics again; a failed or cancelled one starts over.
                RetryMetrics = record.Status == JobStatus.Completed ? [.. FailedMetrics(record)] : null,
            };
            if (await jobs.TryReplaceAsync(retry, stored.ETag, ct).ConfigureAwait(false) is null) return UpdateAttempt<bool>.Conflict;
            await queue.EnqueueAsync(new JobMessage.ScoreJob(jobId), ct).ConfigureAwait(false);
            return UpdateAttempt<bool>.Done(true);
        }, whenExhausted: () => false, cancellationToken);

    private async Task RecordErrorAsync(StoredRun stored, string error, CancellationToken cancellationToken)
    {
        RunLog.RunBroken(logger, stored.Manifest.RunId, error);
        if (stored.Manifest.Error is null) await runs.TryReplaceAsync(stored.Manifest with { Error = error }, stored.ETag, cancellationToken).ConfigureAwait(false);
    }
}
