using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScoreJobs.Runs;
using Microsoft.Extensions.Logging;
using ScoreJobs.Callbacks;
using ScoreJobs.Queues;
using ScoreJobs.Index;
using ScoreJobs.Records;
using ScoreJobs.Storage;

namespace ScoreJobs.Jobs;

/// <summary>
/// Embedded mode only: at start, puts every job left queued or running (by a crash or a kill) back on
/// the in-process queue, so nothing accepted is lost, and every finished job's pending callback too, due at its
/// recorded next attempt. The runners' idempotency makes this safe. It reads the job index's pending entries, not the records.
/// </summary>
internal sealed class PendingJobRecovery(
    IJobIndex index, IJobQueue queue, [FromKeyedServices(QueueLanes.Runs)] IJobQueue runQueue, IRunStore runs, RunCallbackRunner runCallbacks, TimeProvider time,
    ILogger<PendingJobRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var pending = new List<(string JobId, bool OfRun)>();
        var callbacks = new List<(string JobId, int Attempt, DateTimeOffset? Due)>();
        await foreach (var item in index.PendingAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.Status is JobStatus.Queued or JobStatus.Running) pending.Add((item.JobId, item.RunId is not null));
            else if (item.Callback is { Status: CallbackStatus.Pending } callback) callbacks.Add((item.JobId, callback.Attempts.Count + 1, callback.NextAttemptAt));
        }

        var now = time.GetUtcNow();
        foreach (var (jobId, attempt, due) in callbacks)
        {
            var delay = due is { } at && at > now ? at - now : TimeSpan.Zero;
            await queue.EnqueueAsync(new JobMessage.JobCallback(jobId, attempt), delay, cancellationToken).ConfigureAwait(false);
        }

        if (callbacks.Count > 0) Log.RecoveredCallbacks(logger, callbacks.Count);

        // Oldest first, as they were submitted.
        for (var i = pending.Count - 1; i >= 0; i--)
        {
            await (pending[i].OfRun ? runQueue : queue).EnqueueAsync(new JobMessage.ScoreJob(pending[i].JobId), cancellationToken).ConfigureAwait(false);
        }

        if (pending.Count > 0) Log.Recovered(logger, pending.Count);
        await RecoverRunsAsync(cancellationToken).ConfigureAwait(false);
    }

    // A run whose expansion was cut off has samples without a job: expand it again (it skips the jobs already there).
    // A batch-mode run in its batch phase polls its current batch again (or starts its first).
    private async Task RecoverRunsAsync(CancellationToken cancellationToken)
    {
        var recovered = 0;
        string? after = null;
        while (true)
        {
            var page = await runs.ListAsync(after, 200, cancellationToken).ConfigureAwait(false);
            foreach (var manifest in page)
            {
                // A deletion cut off goes on: its message lists from the start what is left.
                if (manifest.DeletedAt is not null)
                {
                    await runQueue.EnqueueAsync(new JobMessage.DeleteRun(manifest.RunId), cancellationToken).ConfigureAwait(false);
                    recovered++;
                    continue;
                }

                await RecoverRunCallbackAsync(manifest, cancellationToken).ConfigureAwait(false);
                if (manifest.CancelledAt is not null || manifest.Error is not null) continue;
                if (manifest.IsBatch && manifest.Batch is not { IsOver: true })
                {
                    await runQueue.EnqueueAsync(new JobMessage.PollBatch(manifest.RunId, manifest.Batch?.Current?.Round ?? 1), cancellationToken).ConfigureAwait(false);
                    recovered++;
                    continue;
                }

                var tally = await index.RunTallyAsync(manifest.RunId, cancellationToken).ConfigureAwait(false);
                if (tally.Total >= manifest.Samples) continue;
                recovered += await ExpandMissingChunksAsync(manifest, cancellationToken).ConfigureAwait(false);
            }

            if (page.Count < 200) break;
            after = page[^1].RunId;
        }

        if (recovered > 0) RunLog.RunsRecovered(logger, recovered);
    }

    // The queue lost the run's expansion messages with the process. An expansion whose next chunk has begun leaves that
    // chunk to its own message (so a redelivery on a durable queue does not start another chain), so chunk 0 alone would
    // stop at the first chunk begun before the kill: every chunk with a sample still without a job gets its own message.
    private async Task<int> ExpandMissingChunksAsync(RunManifest manifest, CancellationToken cancellationToken)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        string? after = null;
        do
        {
            var page = await index.ListAsync(new JobFilter { RunId = manifest.RunId }, 500, after, cancellationToken).ConfigureAwait(false);
            existing.UnionWith(page.Jobs.Select(j => j.JobId));
            after = page.Jobs.Count == 0 || page.NextCursor is null ? null : page.Jobs[^1].JobId;
        }
        while (after is not null);

        var queued = 0;
        for (var chunk = 0; chunk < manifest.Chunks; chunk++)
        {
            var first = chunk * RunManifest.ChunkSize;
            var end = Math.Min(first + RunManifest.ChunkSize, manifest.Samples);
            if (Enumerable.Range(first, end - first).All(i => existing.Contains(RunJobId.For(manifest.RunId, i)))) continue;
            await runQueue.EnqueueAsync(new JobMessage.ExpandRun(manifest.RunId, chunk), cancellationToken).ConfigureAwait(false);
            queued++;
        }

        return queued;
    }

    // A run's callback still owed: its first attempt if the run has ended, else the next at its recorded time.
    private async Task RecoverRunCallbackAsync(RunManifest manifest, CancellationToken cancellationToken)
    {
        if (manifest.Callback is not { Status: CallbackStatus.Pending } callback) return;
        if (callback.Attempts.Count == 0)
        {
            await runCallbacks.RecoverAsync(manifest.RunId, cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = time.GetUtcNow();
        var delay = callback.NextAttemptAt is { } at && at > now ? at - now : TimeSpan.Zero;
        await queue.EnqueueAsync(new JobMessage.RunCallback(manifest.RunId, callback.Attempts.Count + 1), delay, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
