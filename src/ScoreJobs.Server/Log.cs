namespace ScoreJobs.Server;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "No records page at {Folder}; set ScoreJobs__StaticSiteDirectory to serve it at /")]
    public static partial void NoRecordsPage(ILogger logger, string folder);

    [LoggerMessage(2, LogLevel.Warning, "Listening on {Addresses} with no ScoreJobs__ApiToken: anyone who reaches this port can read every record and spend the judge. Set ScoreJobs__ApiToken, or listen on loopback only (see docs/security.md)")]
    public static partial void OpenWithoutToken(ILogger logger, string addresses);

    [LoggerMessage(3, LogLevel.Warning, "{OldSetting} is the old name of {Setting} and is read only while the new name is unset: rename it")]
    public static partial void OldCorsSetting(ILogger logger, string oldSetting, string setting);
}
