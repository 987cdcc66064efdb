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
/// see the run ended notes attempt 1 as due on the manifest and queues it on the live lane. A message for an attempt
/// the manifest already holds is dropped by <see cref="DeliverAsync"/>, as job callbacks' are.
/// </summary>
public sealed class RunCallbackRunner(IRunStore runs, IJobIndex index, IJobQueue queue, CallbackSender sender, TimeProvider time, ILogger<RunCallbackRunner> logger)
{
    private readonly ConditionalUpdate _writes = new(time, attempts: 5);

    /// <summary>How long a first attempt noted as queued is left to its message before another job's end queues it again.</summary>
    internal static readonly TimeSpan QueuedGrace = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Queues the run's first callback attempt if it has one owed and has ended. The jobs that end a run together race
    /// here: the one whose conditional write notes the attempt as due (<see cref="CallbackState.NextAttemptAt"/>)
    /// queues it, the others see it noted and stop. A note left by a process that died before queuing is taken over
    /// after <see cref="QueuedGrace"/>, or at once by <see cref="RecoverAsync"/>.
    /// </summary>
    public Task RunMayHaveEndedAsync(string runId, CancellationToken cancellationToken) => QueueFirstAttemptAsync(runId, recovering: false, cancellationToken);

    /// <summary>
    /// After a crash (embedded recovery at start, whose in-process queue lost every message; or a job's message delivered
    /// again though its job had ended, so the ending was cut off): queues a first attempt owed, noted or not. A message
    /// that did go out before the crash makes this a repeat, which <see cref="DeliverAsync"/> drops once attempt 1 is recorded.
    /// </summary>
    public Task RecoverAsync(string runId, CancellationToken cancellationToken) => QueueFirstAttemptAsync(runId, recovering: true, cancellationToken);

    private Task<bool> QueueFirstAttemptAsync(string runId, bool recovering, CancellationToken cancellationToken) =>
        _writes.RunAsync(async (_, ct) =>
        {
            if (await runs.GetAsync(runId, ct).ConfigureAwait(false) is not { Manifest.Callback: { Status: CallbackStatus.Pending, Attempts.Count: 0 } callback } stored) return UpdateAttempt<bool>.Done(false);
            var now = time.GetUtcNow();
            if (!recovering && callback.NextAttemptAt is { } noted && now - noted < QueuedGrace) return UpdateAttempt<bool>.Done(false);
            var run = RunView.Of(stored.Manifest, await index.RunTallyAsync(runId, ct).ConfigureAwait(false));
            if (!run.IsFinished) return UpdateAttempt<bool>.Done(false);
            var claimed = stored.Manifest with { Callback = callback with { NextAttemptAt = now } };
            if (await runs.TryReplaceAsync(claimed, stored.ETag, ct).ConfigureAwait(false) is null) return UpdateAttempt<bool>.Conflict;
            await queue.EnqueueAsync(new JobMessage.RunCallback(runId, 1), ct).ConfigureAwait(false);
            return UpdateAttempt<bool>.Done(true);
        }, whenExhausted: () => false, cancellationToken);

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
        if (step.Delay is { } wait) await queue.EnqueueAsync(new JobMessage.RunCallback(runId, step.Made + 1), wait, cancellationToken).ConfigureAwait(false);
        await RecordAsync(stored, step, cancellationToken).ConfigureAwait(false);
        RunLog.RunCallbackAttempted(logger, runId, step.Made, step.Status.ToString(), result.Attempt.StatusCode ?? 0, result.Attempt.Error);
        return true;
    }

    private Task<bool> RecordAsync(StoredRun stored, CallbackStep step, CancellationToken cancellationToken) =>
        _writes.RunAsync(async (_, ct) =>
        {
            var callback = stored.Manifest.Callback!;
            if (callback.Attempts.Count >= step.Made) return UpdateAttempt<bool>.Done(false);
            var updated = stored.Manifest with { Callback = step.Apply(callback, time.GetUtcNow()) };
            if (await runs.TryReplaceAsync(updated, stored.ETag, ct).ConfigureAwait(false) is not null) return UpdateAttempt<bool>.Done(true);
            if (await runs.GetAsync(stored.Manifest.RunId, ct).ConfigureAwait(false) is not { Manifest.Callback: not null } current) return UpdateAttempt<bool>.Done(false);
            stored = current;
            return UpdateAttempt<bool>.Conflict;
        }, whenExhausted: () => throw new InvalidOperationException($"Run {stored.Manifest.RunId} kept changing while its callback attempt was being recorded."), cancellationToken);
}
