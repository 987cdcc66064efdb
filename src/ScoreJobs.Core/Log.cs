using Microsoft.Extensions.Logging;

namespace ScoreJobs;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "Metric {Metric} failed unexpectedly")]
    public static partial void MetricCrashed(ILogger logger, Exception exception, string metric);

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
    public static partial void JobFinished(ILogger logger, string jobId, ScoreJobs.Jobs.JobStatus status, long latencyMs);

    [LoggerMessage(406, LogLevel.Information, "Job {JobId} had finished already; the redelivered message is dropped")]
    public static partial void AlreadyFinished(ILogger logger, string jobId);

    [LoggerMessage(407, LogLevel.Warning, "No job {JobId}; the message is not one of ours")]
    public static partial void UnknownJob(ILogger logger, string jobId);

    [LoggerMessage(408, LogLevel.Warning, "Job {JobId} marked failed: {Reason}")]
    public static partial void JobGivenUp(ILogger logger, string jobId, string reason);
}
