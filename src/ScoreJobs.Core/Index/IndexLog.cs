using Microsoft.Extensions.Logging;

namespace ScoreJobs;

internal static partial class Log
{
    [LoggerMessage(700, LogLevel.Information, "Rebuilt the job index {Path} from {Count} records in {ElapsedMs} ms")]
    public static partial void IndexRebuilt(ILogger logger, long count, string path, long elapsedMs);

    [LoggerMessage(701, LogLevel.Warning, "Repaired the index entries of {Count} jobs whose record write was cut off ({Path})")]
    public static partial void IndexRepaired(ILogger logger, int count, string path);

    [LoggerMessage(702, LogLevel.Warning, "The job index {Path} could not be opened; it is started again and rebuilt from the records")]
    public static partial void IndexUnreadable(ILogger logger, Exception exception, string path);

    [LoggerMessage(703, LogLevel.Warning, "Index entity {PartitionKey}/{RowKey} holds no readable list item; it is left out")]
    public static partial void IndexEntryUnreadable(ILogger logger, Exception exception, string partitionKey, string rowKey);

    [LoggerMessage(709, LogLevel.Warning, "The Table index {Table} was written before it kept stats aggregates: stats read its entities until `index rebuild` is run")]
    public static partial void StatsAggregatesMissing(ILogger logger, string table);
}
