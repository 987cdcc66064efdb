using Microsoft.Extensions.Logging;

namespace ScoreJobs;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "Metric {Metric} failed unexpectedly")]
    public static partial void MetricCrashed(ILogger logger, Exception exception, string metric);

    [LoggerMessage(300, LogLevel.Information, "Blob container {Container} is ready")]
    public static partial void ContainerReady(ILogger logger, string container);

    [LoggerMessage(301, LogLevel.Information, "Storage queue {Queue} is ready")]
    public static partial void QueueReady(ILogger logger, string queue);

    [LoggerMessage(302, LogLevel.Warning, "The list item of job {JobId} is too large for blob metadata; listings will download its blob")]
    public static partial void ListItemTooLarge(ILogger logger, string jobId);

    [LoggerMessage(303, LogLevel.Debug, "Job {JobId} has no list item in its metadata; downloaded its blob")]
    public static partial void ListItemDownloaded(ILogger logger, string jobId);

    [LoggerMessage(304, LogLevel.Warning, "Queue message {MessageId} was no longer ours to {Action} (its visibility ran out and another consumer may hold it)")]
    public static partial void MessageLost(ILogger logger, string messageId, string action);

    [LoggerMessage(306, LogLevel.Warning, "Blob {Container}/{Blob} is not a readable job record; it is left out")]
    public static partial void CorruptBlob(ILogger logger, Exception? exception, string container, string blob);

    [LoggerMessage(305, LogLevel.Warning, "Queue message {MessageId} moved to {PoisonQueue} after {DequeueCount} deliveries")]
    public static partial void MessagePoisoned(ILogger logger, string messageId, string poisonQueue, int dequeueCount);
    [LoggerMessage(100, LogLevel.Warning, "Metric {Metric}: the judge's reply is unusable: {Error}")]
    public static partial void JudgeReplyUnusable(ILogger logger, string metric, string? error);

    [LoggerMessage(101, LogLevel.Debug, "Metric {Metric}: unusable judge reply was {RawReply}")]
    public static partial void JudgeReplyUnusableRaw(ILogger logger, string metric, string? rawReply);

    [LoggerMessage(200, LogLevel.Information, "LLM judge: {Endpoint} ({Api}), model {Model}, authentication {Authentication}")]
    public static partial void JudgeConfigured(ILogger logger, string endpoint, Enum api, string model, Enum authentication);

    [LoggerMessage(201, LogLevel.Information, "Judge call to {Model} failed with {ErrorKind} (HTTP {Status}); retry {Retry} in {DelayMs} ms")]
    public static partial void JudgeCallRetrying(ILogger logger, string model, Enum errorKind, int status, int retry, long delayMs);

    [LoggerMessage(202, LogLevel.Warning, "Judge call to {Model} failed with {ErrorKind}: {Error}")]
    public static partial void JudgeCallFailed(ILogger logger, string model, Enum errorKind, string error);

    [LoggerMessage(203, LogLevel.Warning, "The judge endpoint rejected a request to {Model} (HTTP {Status}) sent as {Shape}; retrying as {ReducedShape}")]
    public static partial void JudgeRequestReduced(ILogger logger, string model, int status, string shape, string reducedShape);

    [LoggerMessage(400, LogLevel.Information, "Job {JobId} submitted with {MetricCount} metrics")]
    public static partial void Submitted(ILogger logger, string jobId, int metricCount);

    [LoggerMessage(401, LogLevel.Information, "Job {JobId} returned again for a repeated Idempotency-Key")]
    public static partial void SubmitReplayed(ILogger logger, string jobId);

    [LoggerMessage(402, LogLevel.Error, "Job {JobId} was stored but could not be queued")]
    public static partial void EnqueueFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(403, LogLevel.Error, "Job {JobId} could not be marked failed")]
    public static partial void MarkFailedFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(404, LogLevel.Information, "Job {JobId} started (attempt {Attempt})")]
    public static partial void JobStarted(ILogger logger, string jobId, int attempt);

    [LoggerMessage(405, LogLevel.Information, "Job {JobId} finished {Status} in {LatencyMs} ms")]
    public static partial void JobFinished(ILogger logger, string jobId, Enum status, long latencyMs);

    [LoggerMessage(406, LogLevel.Information, "Job {JobId} had finished already; the redelivered message is dropped")]
    public static partial void AlreadyFinished(ILogger logger, string jobId);

    [LoggerMessage(407, LogLevel.Warning, "No job {JobId}; the message is not one of ours")]
    public static partial void UnknownJob(ILogger logger, string jobId);

    [LoggerMessage(408, LogLevel.Warning, "Job {JobId} marked failed: {Reason}")]
    public static partial void JobGivenUp(ILogger logger, string jobId, string reason);

    [LoggerMessage(409, LogLevel.Warning, "Record file {Path} is not a readable job record; it is left out")]
    public static partial void CorruptRecord(ILogger logger, Exception exception, string path);

    [LoggerMessage(410, LogLevel.Information, "Indexed {Count} job records in {Directory} in {ElapsedMs} ms")]
    public static partial void IndexLoaded(ILogger logger, int count, string directory, long elapsedMs);

    [LoggerMessage(411, LogLevel.Information, "Re-queued {Count} jobs left queued or running by the previous process")]
    public static partial void Recovered(ILogger logger, int count);

    [LoggerMessage(412, LogLevel.Warning, "Receiving from the job queue failed; retrying in {DelayMs} ms")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, double delayMs);

    [LoggerMessage(413, LogLevel.Warning, "A queue message that is not one of ours was moved aside: {Text}")]
    public static partial void AlienMessage(ILogger logger, string text);

    [LoggerMessage(414, LogLevel.Warning, "Job {JobId} failed on delivery {DequeueCount}")]
    public static partial void ScoringFailed(ILogger logger, Exception exception, string jobId, int dequeueCount);

    [LoggerMessage(415, LogLevel.Warning, "Could not settle queue message {Text}; it will come back when its visibility expires")]
    public static partial void SettleFailed(ILogger logger, Exception exception, string text);

    [LoggerMessage(416, LogLevel.Warning, "Could not keep queue message {Text} hidden")]
    public static partial void KeepAliveFailed(ILogger logger, Exception exception, string text);

    [LoggerMessage(417, LogLevel.Warning, "In-process poison message dropped (its job is marked failed): {Text}")]
    public static partial void PoisonDropped(ILogger logger, string text);

    [LoggerMessage(418, LogLevel.Information, "Job {JobId}: callback delivered on attempt {Attempt} (HTTP {StatusCode})")]
    public static partial void CallbackDelivered(ILogger logger, string jobId, int attempt, int statusCode);

    [LoggerMessage(419, LogLevel.Warning, "Job {JobId}: callback attempt {Attempt} failed ({Error}); next attempt in {DelaySeconds} s")]
    public static partial void CallbackRetrying(ILogger logger, string jobId, int attempt, string? error, long delaySeconds);

    [LoggerMessage(420, LogLevel.Warning, "Job {JobId}: callback given up after attempt {Attempt} ({Error})")]
    public static partial void CallbackGivenUp(ILogger logger, string jobId, int attempt, string? error);

    [LoggerMessage(421, LogLevel.Warning, "Job {JobId}: callback attempt {Attempt} could not be handled on delivery {DequeueCount}")]
    public static partial void CallbackHandlingFailed(ILogger logger, Exception exception, string jobId, int attempt, int dequeueCount);

    [LoggerMessage(422, LogLevel.Information, "Re-queued {Count} pending callbacks of finished jobs")]
    public static partial void RecoveredCallbacks(ILogger logger, int count);

    [LoggerMessage(430, LogLevel.Warning, "Job {JobId}: its usage log could not be written or read; a crash now would leave calls uncounted")]
    public static partial void UsageLogFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(431, LogLevel.Information, "Job {JobId} is already being scored in this process; the duplicate message is dropped")]
    public static partial void AlreadyRunningHere(ILogger logger, string jobId);

    [LoggerMessage(500, LogLevel.Error, "A job could not be accepted: storage or queue unavailable")]
    public static partial void SubmitUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(501, LogLevel.Warning, "A call left out by sampling was answered but not counted: the counters' storage is unavailable")]
    public static partial void NotSampledUncounted(ILogger logger, Exception exception);

    [LoggerMessage(908, LogLevel.Warning, "A message of run {RunId} failed on delivery {DequeueCount}")]
    public static partial void RunMessageFailed(ILogger logger, Exception exception, string runId, int dequeueCount);

    [LoggerMessage(432, LogLevel.Warning, "A judge call's cost ({Cost}) could not be added to today's spend: the counters' storage is unavailable")]
    public static partial void BudgetAddFailed(ILogger logger, Exception exception, double cost);

    [LoggerMessage(433, LogLevel.Information, "Job {JobId} waits: today's judge budget is spent; it looks again in {DelaySeconds} s")]
    public static partial void WaitingForBudget(ILogger logger, string jobId, double delaySeconds);

    [LoggerMessage(435, LogLevel.Warning, "The daily judge budget could not be read for health: the counters' storage is unavailable")]
    public static partial void BudgetUnread(ILogger logger, Exception exception);

    [LoggerMessage(440, LogLevel.Debug, "Worker pacing: {Served} submits in the last window, {Slow} slower than {TargetMs} ms; the live worker may now fill {LiveShare:P1} of its slots, the runs worker {RunsShare:P1}")]
    public static partial void PacingChanged(ILogger logger, int served, int slow, double targetMs, double liveShare, double runsShare);
}
