using Microsoft.Extensions.Logging;

namespace ScoreJobs;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "Metric {Metric} failed unexpectedly")]
    public static partial void MetricCrashed(ILogger logger, Exception exception, string metric);
}
