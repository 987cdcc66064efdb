using Microsoft.Extensions.Logging;

namespace ScoreFunctions;

internal static partial class Log
{
    [LoggerMessage(600, LogLevel.Error, "Function {Function} failed; answered 500")]
    public static partial void HttpFunctionFailed(ILogger logger, Exception exception, string function);
}
