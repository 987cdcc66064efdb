using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Budget;
using ScoreJobs.Queues;
using ScoreJobs.Records;
using ScoreJobs.Runs;
using ScoreJobs.Text;
using ScoreJobs.Telemetry;

namespace ScoreJobs.Jobs;

/// <summary>
/// Decides what becomes of one delivery of a queue message, for every consumer: the server's
/// <see cref="JobWorker"/> and the Functions queue trigger. A message that is not ours, or names no stored job,
/// goes to poison at once. Ours is scored by <see cref="JobScorer"/>. A failure is retried until the last of
/// <see cref="ScoreJobsOptions.MaxDeliveries"/> deliveries; then the record is marked failed with the reason and
/// the message goes to poison. A callback message goes to <see cref="CallbackRunner"/>: its failures are retried the
/// same way, and given up it is poisoned with its job left as it is. A job held by the daily judge budget is requeued
/// (<see cref="DeliveryAction.Requeue"/>), which is no failed delivery.
/// </summary>
public sealed class JobDeliveryHandler(
    JobScorer scorer, CallbackRunner callbacks, RunMessageHandler runMessages, IOptions<ScoreJobsOptions> options, ILogger<JobDeliveryHandler> logger, JudgeBudget? budget = null)
{
    /// <summary>
    /// Handles one delivery. <paramref name="message"/> is the parsed message (null when the text is not ours),
    /// <paramref name="rawText"/> the text as it arrived (for logs), <paramref name="dequeueCount"/> 1 on the first
    /// delivery. Throws only when <paramref name="cancellationToken"/> is cancelled, or when marking a given-up job
    /// failed fails (storage down); in both cases the message should simply come back.
    /// </summary>
    public Task<DeliveryVerdict> HandleAsync(JobMessage? message, string rawText, int dequeueCount, CancellationToken cancellationToken) => message switch
    {
        JobMessage.ScoreJob score => ScoreAsync(score, dequeueCount, cancellationToken),
        JobMessage.JobCallback callback => DeliverCallbackAsync(callback.JobId, callback.Attempt, dequeueCount, cancellationToken),
        JobMessage.RunMessage run => HandleRunMessageAsync(run, dequeueCount, cancellationToken),
        _ => Task.FromResult(Alien(rawText)),
    };

    private DeliveryVerdict Alien(string rawText)
    {
        Log.AlienMessage(logger, rawText.Clip(200));
        return DeliveryVerdict.Poison("The message is not a ScoreJobs job message.");
    }

    private async Task<DeliveryVerdict> ScoreAsync(JobMessage.ScoreJob message, int dequeueCount, CancellationToken cancellationToken)
    {
        var jobId = message.JobId;
        var maxDeliveries = options.Value.MaxDeliveries;
        using var span = JobTelemetry.StartScoring(jobId, message.Traceparent, dequeueCount);
        if (dequeueCount > maxDeliveries)
        {
            // Delivered more often than allowed without being given up: its workers kept dying while scoring it.
            return await GiveUpAsync(jobId, $"The job was given up after {dequeueCount - 1} failed deliveries.", cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var outcome = await scorer.ScoreAsync(jobId, cancellationToken).ConfigureAwait(false);
            return outcome switch
            {
                ScoringOutcome.UnknownJob => DeliveryVerdict.Poison($"No job {jobId} is stored."),
                // Back once the attempt under way must have ended: then it finds the job finished, or takes over a job
                // whose attempt died with its own message lost (a keep-alive that failed), so nothing is left behind.
                ScoringOutcome.AlreadyRunning => new DeliveryVerdict(DeliveryAction.RetryLater, TimeSpan.FromSeconds(options.Value.JobTimeoutSeconds),
                    "the job is being scored in this process", null),
                ScoringOutcome.WaitingForBudget => WaitForBudget(jobId),
                _ => DeliveryVerdict.Complete,
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ScoringFailed(logger, ex, jobId, dequeueCount);
            JobTelemetry.Failed(span, ex);
            if (dequeueCount >= maxDeliveries)
            {
                return await GiveUpAsync(jobId, $"The job failed on each of {dequeueCount} deliveries; last error: {Describe(ex)}", cancellationToken).ConfigureAwait(false);
            }

            return DeliveryVerdict.Retry(RetryDelay(dequeueCount), $"Job {jobId} failed on delivery {dequeueCount} of {maxDeliveries} and will be retried.", ex);
        }
    }

    private DeliveryVerdict WaitForBudget(string jobId)
    {
        var delay = budget?.WaitDelay() ?? JudgeBudget.Recheck;
        Log.WaitingForBudget(logger, jobId, delay.TotalSeconds);
        return DeliveryVerdict.Requeue(delay, $"Job {jobId} waits for the daily judge budget.");
    }

    /// <summary>
    /// For a queue trigger, whose runtime settles the message: returning deletes it, throwing brings it back after
    /// the trigger's visibility timeout. <paramref name="messageText"/> is the decoded text the trigger received from
    /// <paramref name="lane"/>, where a job that waits is queued again as a fresh message (a retry through the runtime
    /// would raise its dequeue count towards the poison queue).
    /// Returns the messages to put on the poison queue: none when the job is done, the message itself when it is
    /// poisoned. Throws <see cref="JobRetryException"/> when the message must come back.
    /// </summary>
    public async Task<IReadOnlyList<string>> HandleTriggeredAsync(string messageText, int dequeueCount, IJobQueue lane, CancellationToken cancellationToken)
    {
        var message = JobMessage.FromJson(messageText);
        var verdict = await HandleAsync(message, messageText, dequeueCount, cancellationToken).ConfigureAwait(false);
        if (verdict.Action == DeliveryAction.Requeue)
        {
            await lane.EnqueueAsync(message!, verdict.RetryAfter, cancellationToken).ConfigureAwait(false);
            return [];
        }

        return verdict.Action switch
        {
            DeliveryAction.Complete => [],
            DeliveryAction.Poison => [messageText],
            _ => throw new JobRetryException(verdict.Reason!, verdict.Error!),
        };
    }

    private async Task<DeliveryVerdict> DeliverCallbackAsync(string jobId, int attempt, int dequeueCount, CancellationToken cancellationToken)
    {
        var maxDeliveries = options.Value.MaxDeliveries;
        try
        {
            return await callbacks.DeliverAsync(jobId, attempt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.CallbackHandlingFailed(logger, ex, jobId, attempt, dequeueCount);
            return dequeueCount >= maxDeliveries
                ? DeliveryVerdict.Poison($"Callback attempt {attempt} of job {jobId} could not be handled on {dequeueCount} deliveries; last error: {Describe(ex)}")
                : DeliveryVerdict.Retry(RetryDelay(dequeueCount), $"Callback attempt {attempt} of job {jobId} failed on delivery {dequeueCount} of {maxDeliveries} and will be retried.", ex);
        }
    }

    // A run's expansion or retry sweep: retried like a job; given up, it is poisoned and the run's retry can redo it.
    private async Task<DeliveryVerdict> HandleRunMessageAsync(JobMessage.RunMessage message, int dequeueCount, CancellationToken cancellationToken)
    {
        var maxDeliveries = options.Value.MaxDeliveries;
        try
        {
            return await runMessages.HandleAsync(message, cancellationToken).ConfigureAwait(false)
                ? DeliveryVerdict.Complete
                : DeliveryVerdict.Poison($"No run {message.RunId} is stored.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.RunMessageFailed(logger, ex, message.RunId, dequeueCount);
            return dequeueCount >= maxDeliveries
                ? DeliveryVerdict.Poison($"A message of run {message.RunId} failed on each of {dequeueCount} deliveries; last error: {Describe(ex)}. POST the run's retry to go on.")
                : DeliveryVerdict.Retry(RetryDelay(dequeueCount), $"A message of run {message.RunId} failed on delivery {dequeueCount} of {maxDeliveries} and will be retried.", ex);
        }
    }

    private async Task<DeliveryVerdict> GiveUpAsync(string jobId, string reason, CancellationToken cancellationToken)
    {
        await scorer.MarkFailedAsync(jobId, reason, cancellationToken).ConfigureAwait(false);
        return DeliveryVerdict.Poison(reason);
    }

    private static TimeSpan RetryDelay(int dequeueCount) =>
        MessageBackoff.Delay(dequeueCount, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

    private static string Describe(Exception ex) => ex.Message.Length <= 300 ? ex.Message : ex.Message[..300];

}
