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

    [LoggerMessage(305, LogLevel.Warning, "Queue message {MessageId} moved to {PoisonQueue} after {DequeueCount} deliveries")]
    public static partial void MessagePoisoned(ILogger logger, string messageId, string poisonQueue, int dequeueCount);
}
