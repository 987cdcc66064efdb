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

    [LoggerMessage(917, LogLevel.Information, "Dry run of {Samples} samples: {JudgeCalls} judge calls, {PromptTokens} prompt tokens, {Cached} calls cached; nothing stored")]
    public static partial void RunEstimated(ILogger logger, int samples, int judgeCalls, long promptTokens, int cached);

    [LoggerMessage(903, LogLevel.Information, "Run {RunId} cancelled")]
    public static partial void RunCancelled(ILogger logger, string runId);

    [LoggerMessage(915, LogLevel.Information, "Run {RunId}: deletion asked for; its jobs are being deleted")]
    public static partial void RunDeleting(ILogger logger, string runId);

    [LoggerMessage(916, LogLevel.Information, "Run {RunId} deleted, with its jobs")]
    public static partial void RunDeleted(ILogger logger, string runId);

    [LoggerMessage(904, LogLevel.Information, "Run {RunId}: retry {Retry} asked for")]
    public static partial void RunRetried(ILogger logger, string runId, int retry);

    [LoggerMessage(905, LogLevel.Information, "Run {RunId}: retry swept {Jobs} jobs and queued {Queued} again")]
    public static partial void RunRetrySwept(ILogger logger, string runId, int jobs, int queued);

    [LoggerMessage(906, LogLevel.Error, "Run {RunId} cannot go on: {Error}")]
    public static partial void RunBroken(ILogger logger, string runId, string error);

    [LoggerMessage(907, LogLevel.Information, "Recovery queued the expansion of {Runs} unfinished runs again")]
    public static partial void RunsRecovered(ILogger logger, int runs);

    [LoggerMessage(910, LogLevel.Information, "Run {RunId}: round {Round}'s batch {BatchId} submitted with {Requests} judge calls")]
    public static partial void BatchSubmitted(ILogger logger, string runId, int round, string batchId, int requests);

    [LoggerMessage(911, LogLevel.Information, "Run {RunId}: round {Round}'s batch {BatchId} ended {State}: {Stored} replies stored, {Unanswered} without a reply")]
    public static partial void BatchEnded(ILogger logger, string runId, int round, string batchId, string state, int stored, int unanswered);

    [LoggerMessage(912, LogLevel.Warning, "Run {RunId}: round {Round}'s batch {BatchId} was submitted twice; this copy is cancelled")]
    public static partial void BatchDiscarded(ILogger logger, string runId, int round, string batchId);

    [LoggerMessage(913, LogLevel.Information, "Run {RunId}: batch phase over ({State}) {Reason}; the jobs are created")]
    public static partial void BatchPhaseEnded(ILogger logger, string runId, string state, string reason);

    [LoggerMessage(914, LogLevel.Warning, "Run {RunId}: cancelling batch {BatchId} failed (HTTP {Status})")]
    public static partial void BatchCancelFailed(ILogger logger, string runId, string batchId, int status);

    [LoggerMessage(909, LogLevel.Information, "Run {RunId}: callback attempt {Attempt} {Status} (HTTP {StatusCode}) {Error}")]
    public static partial void RunCallbackAttempted(ILogger logger, string runId, int attempt, string status, int statusCode, string? error);

    [LoggerMessage(930, LogLevel.Information, "Run {RunId}: batch round {Round} waits: today's judge budget is spent")]
    public static partial void BatchRoundWaitingForBudget(ILogger logger, string runId, int round);
}
