using System.Text.Json;
using Microsoft.Extensions.Logging;
using ScoreJobs.Callbacks;
using ScoreJobs.Index;
using ScoreJobs.Queues;
using ScoreJobs.Records;
using ScoreJobs.Storage;

namespace ScoreJobs.Runs;

/// <summary>
/// A run's callback: once, when the run first ends, a signed POST of its record to the run's <c>callback_url</c>,
/// retried on the schedule jobs' callbacks use and recorded on the run's manifest. Every job of a run that ends asks
/// <see cref="RunMayHaveEndedAsync"/> (one manifest read, and the tally only when a callback is owed); the first to
/// see the run ended queues attempt 1 on the live lane. A repeat of that (a redelivered job, a restart) queues the
/// same attempt again, which <see cref="DeliverAsync"/> drops once the manifest holds it, as job callbacks do.
/// </summary>
public sealed class RunCallbackRunner(IRunStore runs, IJobIndex index, IJobQueue queue, CallbackSender sender, TimeProvider time, ILogger<RunCallbackRunner> logger)
{
    private const int MaxWriteRaces = 5;

    /// <summary>Queues the run's first callback attempt if it has one owed and has ended.</summary>
    public async Task RunMayHaveEndedAsync(string runId, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not { Manifest: { Callback: { Status: CallbackStatus.Pending, Attempts.Count: 0 } } manifest }) return;
        var run = RunView.Of(manifest, await index.RunTallyAsync(runId, cancellationToken).ConfigureAwait(false));
        if (run.IsFinished) await queue.EnqueueAsync(JobMessage.ForRunCallback(runId, 1), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes attempt <paramref name="attempt"/>; false when no such run is stored. Storage faults throw, so the message comes back.</summary>
    public async Task<bool> DeliverAsync(string runId, int attempt, CancellationToken cancellationToken)
    {
        var stored = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false);
        if (stored is null) return false;
        if (stored.Manifest.Callback is not { Status: CallbackStatus.Pending } callback || callback.Attempts.Count >= attempt) return true;
        var run = RunView.Of(stored.Manifest, await index.RunTallyAsync(runId, cancellationToken).ConfigureAwait(false));
        if (!run.IsFinished) return true;

        var body = JsonSerializer.Serialize(RunCallbackPayload.For(run), RunsJsonContext.Readable.RunCallbackPayload);
        var result = await sender.SendAsync(callback.Url, callback.WebhookId, body, cancellationToken).ConfigureAwait(false);
        var step = CallbackStep.After(result, callback.Attempts.Count);
        // The next attempt's message first, then the record: a crash in between repeats an attempt rather than losing the callback.
        if (step.Delay is { } wait) await queue.EnqueueAsync(JobMessage.ForRunCallback(runId, step.Made + 1), wait, cancellationToken).ConfigureAwait(false);
        await RecordAsync(stored, step, cancellationToken).ConfigureAwait(false);
        RunLog.RunCallbackAttempted(logger, runId, step.Made, step.Status.ToString(), result.Attempt.StatusCode ?? 0, result.Attempt.Error);
        return true;
    }

    private async Task RecordAsync(StoredRun stored, CallbackStep step, CancellationToken cancellationToken)
    {
        for (var race = 0; race < MaxWriteRaces; race++)
        {
            var callback = stored.Manifest.Callback!;
            if (callback.Attempts.Count >= step.Made) return;
            var updated = stored.Manifest with { Callback = step.Apply(callback, time.GetUtcNow()) };
            if (await runs.TryReplaceAsync(updated, stored.ETag, cancellationToken).ConfigureAwait(false) is not null) return;
            if (await runs.GetAsync(stored.Manifest.RunId, cancellationToken).ConfigureAwait(false) is not { Manifest.Callback: not null } current) return;
            stored = current;
        }

        throw new InvalidOperationException($"Run {stored.Manifest.RunId} kept changing while its callback attempt was being recorded.");
    }
}
