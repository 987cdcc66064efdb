using Microsoft.Extensions.Logging;

namespace ScoreJobs;

// The Batch API judge's messages, in their own part of the one Log class (event ids 610-619).
internal static partial class Log
{
    [LoggerMessage(610, LogLevel.Information, "Batch {BatchId}: {Stored} replies stored in the judge response cache, {Unanswered} requests without a reply")]
    public static partial void BatchRepliesStored(ILogger logger, string batchId, int stored, int unanswered);
}
