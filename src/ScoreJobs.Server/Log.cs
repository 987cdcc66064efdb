namespace ScoreJobs.Server;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "No records page at {Folder}; set ScoreJobs__StaticSiteDirectory to serve it at /")]
    public static partial void NoRecordsPage(ILogger logger, string folder);
}
