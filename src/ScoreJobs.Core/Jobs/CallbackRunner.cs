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
    private const int MaxWriteRaces = 5;

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
        var made = callback.Attempts.Count + 1;

        var delay = result.Outcome == CallbackOutcome.Failed ? CallbackSchedule.DelayAfter(made) : null;
        if (delay is { } wait)
        {
            await queue.EnqueueAsync(JobMessage.ForCallback(jobId, made + 1), wait, cancellationToken).ConfigureAwait(false);
        }

        var status = result.Outcome == CallbackOutcome.Delivered ? CallbackStatus.Delivered : delay is null ? CallbackStatus.Failed : CallbackStatus.Pending;
        await RecordAsync(stored, made, result.Attempt, status, time.GetUtcNow() + delay, cancellationToken).ConfigureAwait(false);

        switch (status)
        {
            case CallbackStatus.Delivered:
                Log.CallbackDelivered(logger, jobId, made, result.Attempt.StatusCode ?? 0);
                break;
            case CallbackStatus.Pending:
                Log.CallbackRetrying(logger, jobId, made, result.Attempt.Error, (long)delay!.Value.TotalSeconds);
                break;
            default:
                Log.CallbackGivenUp(logger, jobId, made, result.Attempt.Error);
                break;
        }

        return DeliveryVerdict.Complete;
    }

    private async Task RecordAsync(StoredJob stored, int made, CallbackAttempt attempt, CallbackStatus status, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken)
    {
        for (var race = 0; race < MaxWriteRaces; race++)
        {
            var callback = stored.Record.Callback!;
            // A duplicate message got there first and recorded this attempt.
            if (callback.Attempts.Count >= made) return;
            var updated = stored.Record with
            {
                Callback = callback with
                {
                    Status = status,
                    Attempts = [.. callback.Attempts, attempt],
                    NextAttemptAt = status == CallbackStatus.Pending ? nextAttemptAt : null,
                },
            };
            if (await store.TryReplaceAsync(updated, stored.ETag, cancellationToken).ConfigureAwait(false) is not null) return;
            var current = await store.GetAsync(stored.Record.JobId, cancellationToken).ConfigureAwait(false);
            if (current?.Record.Callback is null) return;
            stored = current;
        }

        throw new InvalidOperationException($"Job {stored.Record.JobId} kept changing while its callback attempt was being recorded.");
    }
}
