using Microsoft.Extensions.Logging;

namespace ScoreJobs.Retention;

internal static partial class RetentionLog
{
    [LoggerMessage(960, LogLevel.Information, "Retention: deleted {Jobs} jobs and {Runs} runs created before {CutOff:O}")]
    public static partial void Swept(ILogger logger, DateTimeOffset cutOff, int jobs, int runs);

    [LoggerMessage(961, LogLevel.Error, "Retention: the sweep failed; the next one finishes its work")]
    public static partial void SweepFailed(ILogger logger, Exception exception);
}
