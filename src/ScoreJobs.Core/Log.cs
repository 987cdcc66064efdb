using Microsoft.Extensions.Logging;
using ScoreJobs.Judge;
using ScoreJobs.Metrics;

namespace ScoreJobs;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "Metric {Metric} failed unexpectedly")]
    public static partial void MetricCrashed(ILogger logger, Exception exception, string metric);

    [LoggerMessage(100, LogLevel.Warning, "Metric {Metric}: the judge's reply is unusable: {Error}")]
    public static partial void JudgeReplyUnusable(ILogger logger, string metric, string? error);

    [LoggerMessage(101, LogLevel.Debug, "Metric {Metric}: unusable judge reply was {RawReply}")]
    public static partial void JudgeReplyUnusableRaw(ILogger logger, string metric, string? rawReply);

    [LoggerMessage(200, LogLevel.Information, "LLM judge: {Endpoint}, model {Model}, authentication {Authentication}")]
    public static partial void JudgeConfigured(ILogger logger, string endpoint, string model, JudgeAuthentication authentication);

    [LoggerMessage(201, LogLevel.Information, "Judge call to {Model} failed with {ErrorKind} (HTTP {Status}); retry {Retry} in {DelayMs} ms")]
    public static partial void JudgeCallRetrying(ILogger logger, string model, MetricErrorKind errorKind, int status, int retry, long delayMs);

    [LoggerMessage(202, LogLevel.Warning, "Judge call to {Model} failed with {ErrorKind}: {Error}")]
    public static partial void JudgeCallFailed(ILogger logger, string model, MetricErrorKind errorKind, string error);

    [LoggerMessage(203, LogLevel.Warning, "The judge endpoint rejected a request to {Model} (HTTP {Status}) sent as {Shape}; retrying as {ReducedShape}")]
    public static partial void JudgeRequestReduced(ILogger logger, string model, int status, string shape, string reducedShape);
}
