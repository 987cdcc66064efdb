using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ScoreJobs.Queues;
using ScoreJobs.Storage;

namespace ScoreJobs.Jobs;

/// <summary>
/// Embedded mode only: at start, puts every job left queued or running (by a crash or a kill) back on
/// the in-process queue, so nothing accepted is lost. The job runner's idempotency makes this safe.
/// </summary>
public sealed class PendingJobRecovery(IJobStore store, IJobQueue queue, ILogger<PendingJobRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var pending = new List<string>();
        await foreach (var item in store.ScanAsync(null, 5000, cancellationToken).ConfigureAwait(false))
        {
            if (item.Status is JobStatus.Queued or JobStatus.Running) pending.Add(item.JobId);
        }

        // Oldest first, as they were submitted.
        for (var i = pending.Count - 1; i >= 0; i--)
        {
            await queue.EnqueueAsync(new Queues.JobMessage(pending[i]), cancellationToken).ConfigureAwait(false);
        }

        if (pending.Count > 0) Log.Recovered(logger, pending.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
