using Microsoft.Extensions.Logging;

namespace ScoreJobs;

// The rubric library's messages, in their own part of the one Log class (event ids 1250-1259).
internal static partial class Log
{
    [LoggerMessage(1250, LogLevel.Warning, "Rubric source {Source} is not usable and is left out (an earlier good version stays): {Problem}")]
    public static partial void RubricSourceUnusable(ILogger logger, string source, string problem);

    [LoggerMessage(1251, LogLevel.Information, "Server-wide rubrics now: {Count} ({Names})")]
    public static partial void RubricsLoaded(ILogger logger, int count, string names);

    [LoggerMessage(1252, LogLevel.Warning, "The rubrics could not be read again ({ErrorType}); the ones read before stay")]
    public static partial void RubricRefreshFailed(ILogger logger, string errorType);
}
