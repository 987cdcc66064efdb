using Microsoft.Extensions.Logging;

namespace ScoreJobs.Runs;

internal static partial class RunLog
{
    [LoggerMessage(900, LogLevel.Information, "Run {RunId} submitted with {Samples} samples")]
    public static partial void RunSubmitted(ILogger logger, string runId, int samples);

    [LoggerMessage(901, LogLevel.Information, "Run {RunId}: a repeated Idempotency-Key returned the earlier run")]
    public static partial void RunSubmitReplayed(ILogger logger, string runId);

    [LoggerMessage(902, LogLevel.Information, "Run {RunId}: chunk {Chunk} of {Chunks} expanded, {Created} jobs created")]
    public static partial void RunExpanded(ILogger logger, string runId, int chunk, int chunks, int created);

    [LoggerMessage(903, LogLevel.Information, "Run {RunId} cancelled")]
    public static partial void RunCancelled(ILogger logger, string runId);

    [LoggerMessage(904, LogLevel.Information, "Run {RunId}: retry {Retry} asked for")]
    public static partial void RunRetried(ILogger logger, string runId, int retry);

    [LoggerMessage(905, LogLevel.Information, "Run {RunId}: retry swept {Jobs} jobs and queued {Queued} again")]
    public static partial void RunRetrySwept(ILogger logger, string runId, int jobs, int queued);

    [LoggerMessage(906, LogLevel.Error, "Run {RunId} cannot go on: {Error}")]
    public static partial void RunBroken(ILogger logger, string runId, string error);

    [LoggerMessage(907, LogLevel.Information, "Recovery queued the expansion of {Runs} unfinished runs again")]
    public static partial void RunsRecovered(ILogger logger, int runs);
}
