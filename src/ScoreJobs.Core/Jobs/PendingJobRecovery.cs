using Microsoft.Extensions.Hosting;
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
internal sealed class PendingJobRecovery(IJobIndex index, IJobQueue queue, TimeProvider time, ILogger<PendingJobRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var pending = new List<string>();
        var callbacks = new List<(string JobId, int Attempt, DateTimeOffset? Due)>();
        await foreach (var item in index.PendingAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.Status is JobStatus.Queued or JobStatus.Running) pending.Add(item.JobId);
            else if (item.Callback is { Status: CallbackStatus.Pending } callback) callbacks.Add((item.JobId, callback.Attempts.Count + 1, callback.NextAttemptAt));
        }

        var now = time.GetUtcNow();
        foreach (var (jobId, attempt, due) in callbacks)
        {
            var delay = due is { } at && at > now ? at - now : TimeSpan.Zero;
            await queue.EnqueueAsync(JobMessage.ForCallback(jobId, attempt), delay, cancellationToken).ConfigureAwait(false);
        }

        if (callbacks.Count > 0) Log.RecoveredCallbacks(logger, callbacks.Count);

        // Oldest first, as they were submitted.
        for (var i = pending.Count - 1; i >= 0; i--)
        {
            await queue.EnqueueAsync(new JobMessage(pending[i]), cancellationToken).ConfigureAwait(false);
        }

        if (pending.Count > 0) Log.Recovered(logger, pending.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
