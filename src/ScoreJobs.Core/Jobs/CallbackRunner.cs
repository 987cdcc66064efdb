using ScoreJobs.Records;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ScoreJobs.Callbacks;
using ScoreJobs.Json;
using ScoreJobs.Queues;
using ScoreJobs.Storage;

namespace ScoreJobs.Jobs;

/// <summary>
/// Delivers a finished job's callback, one attempt per callback message (<c>{"job_id","callback":n}</c>), so the job
/// itself never waits for the receiver and retries survive restarts on the same queue as jobs. After a failed attempt
/// the next message is sent first, delayed by <see cref="CallbackSchedule"/>, then the attempt is recorded on the job:
/// a crash in between repeats an attempt (receivers drop repeats by <c>webhook-id</c>) rather than losing the callback.
/// A message for an attempt the record already holds is stale and dropped.
/// </summary>
public sealed class CallbackRunner(IJobStore store, IJobQueue queue, CallbackSender sender, TimeProvider time, ILogger<CallbackRunner> logger)
{
    private readonly ConditionalUpdate _writes = new(time, attempts: 5);

    /// <summary>Makes attempt <paramref name="attempt"/> of job <paramref name="jobId"/>'s callback; storage faults throw, so the message comes back.</summary>
    public async Task<DeliveryVerdict> DeliverAsync(string jobId, int attempt, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (stored is null) return DeliveryVerdict.Poison($"No job {jobId} is stored.");
        if (stored.Record is not { IsFinished: true, Callback: { Status: CallbackStatus.Pending } callback } || callback.Attempts.Count >= attempt)
        {
            return DeliveryVerdict.Complete;
        }

        var body = JsonSerializer.Serialize(JobCallbackPayload.For(stored.Record), JobsJsonContext.Readable.JobCallbackPayload);
        var result = await sender.SendAsync(callback.Url, callback.WebhookId, body, cancellationToken).ConfigureAwait(false);
        var step = CallbackStep.After(result, callback.Attempts.Count);
        if (step.Delay is { } wait)
        {
            await queue.EnqueueAsync(new JobMessage.JobCallback(jobId, step.Made + 1), wait, cancellationToken).ConfigureAwait(false);
        }

        await RecordAsync(stored, step, cancellationToken).ConfigureAwait(false);
        switch (step.Status)
        {
            case CallbackStatus.Delivered:
                Log.CallbackDelivered(logger, jobId, step.Made, result.Attempt.StatusCode ?? 0);
                break;
            case CallbackStatus.Pending:
                Log.CallbackRetrying(logger, jobId, step.Made, result.Attempt.Error, (long)step.Delay!.Value.TotalSeconds);
                break;
            default:
                Log.CallbackGivenUp(logger, jobId, step.Made, result.Attempt.Error);
                break;
        }

        return DeliveryVerdict.Complete;
    }

    private Task<bool> RecordAsync(StoredJob stored, CallbackStep step, CancellationToken cancellationToken) =>
        _writes.RunAsync(async (_, ct) =>
        {
            var callback = stored.Record.Callback!;
            // A duplicate message got there first and recorded this attempt.
            if (callback.Attempts.Count >= step.Made) return UpdateAttempt<bool>.Done(false);
            var updated = stored.Record with { Callback = step.Apply(callback, time.GetUtcNow()) };
            if (await store.TryReplaceAsync(updated, stored.ETag, ct).ConfigureAwait(false) is not null) return UpdateAttempt<bool>.Done(true);
            var current = await store.GetAsync(stored.Record.JobId, ct).ConfigureAwait(false);
            if (current?.Record.Callback is null) return UpdateAttempt<bool>.Done(false);
            stored = current;
            return UpdateAttempt<bool>.Conflict;
        }, whenExhausted: () => throw new InvalidOperationException($"Job {stored.Record.JobId} kept changing while its callback attempt was being recorded."), cancellationToken);
}
