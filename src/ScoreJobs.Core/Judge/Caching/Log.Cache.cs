using Microsoft.Extensions.Logging;

namespace ScoreJobs;

// The judge cache's messages, in their own part of the one Log class (event ids 600-609).
internal static partial class Log
{
    [LoggerMessage(600, LogLevel.Warning, "The judge response cache could not be read ({ErrorType}); calling the judge")]
    public static partial void JudgeCacheReadFailed(ILogger logger, string errorType);

    [LoggerMessage(601, LogLevel.Warning, "The judge response cache could not be written ({ErrorType}); the reply is used uncached")]
    public static partial void JudgeCacheWriteFailed(ILogger logger, string errorType);

    [LoggerMessage(602, LogLevel.Information, "Judge replies are cached for {TtlHours} h in {Location}")]
    public static partial void JudgeCacheConfigured(ILogger logger, double ttlHours, string location);

    [LoggerMessage(603, LogLevel.Debug, "A cached judge reply was unusable and is removed")]
    public static partial void JudgeCacheEntryForgotten(ILogger logger);
}
