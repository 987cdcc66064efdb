using System.Collections.Concurrent;
using ScoreJobs.Budget;
using ScoreJobs.Judge;
using Microsoft.Extensions.Logging;
using ScoreJobs.Callbacks;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Records;
using ScoreJobs.Requests;
using ScoreJobs.Runs;
using ScoreJobs.Scoring;
using ScoreJobs.Storage;
using ScoreJobs.Telemetry;

namespace ScoreJobs.Jobs;

/// <summary>
/// Scores one stored job to its end. Idempotent under at-least-once delivery: a finished record is never
/// rescored or overwritten, a process scores a job once at a time (a second delivery meanwhile is dropped), and of two
/// workers racing on one job only the first to finish writes.
/// Storage faults surface as exceptions, so the caller retries the message. Once a job with a callback has finished
/// (its record written first), the first callback message is queued; <see cref="CallbackRunner"/> delivers it.
/// </summary>
/// <remarks>
/// Every live judge call is appended to the job's <see cref="IJudgeUsageLog"/> before it goes out (its tokens as it returns). The attempt that finishes
/// the job adds what earlier attempts spent and never finished to its own usage, as <c>redone</c>, then removes the log.
/// The same point adds each call's cost to the daily judge <paramref name="budget"/>; while it is spent, a queued job that
/// needs the judge is not started (<see cref="ScoringOutcome.WaitingForBudget"/>). A job already running goes on.
/// </remarks>
public sealed class JobScorer(
    IJobStore store, IRunStore runs, RunCallbackRunner runCallbacks, IJobQueue queue, MetricCatalog catalog, Scorer scorer, IJudgeUsageLog usageLog,
    TimeProvider time, ILogger<JobScorer> logger, JudgeBudget? budget = null)
{
    private readonly ConditionalUpdate _writes = new(time, attempts: 5);

    // Jobs being scored in this process. A second delivery of one of them would take it over from a live attempt, pay
    // the judge twice, and (if the older attempt finished first) leave the newer one's calls in no record.
    private readonly ConcurrentDictionary<string, byte> _scoring = new(StringComparer.Ordinal);

    public async Task<ScoringOutcome> ScoreAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!_scoring.TryAdd(jobId, 0))
        {
            Log.AlreadyRunningHere(logger, jobId);
            return ScoringOutcome.AlreadyRunning;
        }

        try
        {
            return await ScoreOnceAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _scoring.TryRemove(jobId, out _);
        }
    }

    private async Task<ScoringOutcome> ScoreOnceAsync(string jobId, CancellationToken cancellationToken)
    {
        var start = await MarkRunningAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (start.Running is not { } started) return start.NotStartedBecause;

        var finished = await ScoreRecordAsync(started.Record, cancellationToken).ConfigureAwait(false);
        var outcome = await WriteFinishedAsync(started, finished, start.RunOwesCallback, cancellationToken).ConfigureAwait(false);
        // Only a job that asked the judge has a log (offline-only jobs cost no request here).
        if (outcome == ScoringOutcome.Finished && finished.Usage is { } usage && usage.JudgeCalls + usage.CacheHits + usage.BatchCalls > 0)
        {
            await ForgetUsageAsync(finished.JobId).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>Marks a job failed with <paramref name="reason"/> unless it already finished (used when its message is given up).</summary>
    public Task MarkFailedAsync(string jobId, string reason, CancellationToken cancellationToken) =>
        _writes.RunAsync(async (_, ct) =>
        {
            var stored = await store.GetAsync(jobId, ct).ConfigureAwait(false);
            if (stored is null || stored.Record.IsFinished) return UpdateAttempt<bool>.Done(false);
            // Every attempt died: all they spent was for nothing, and still paid.
            var redone = await RedoneAsync(jobId, int.MaxValue, ct).ConfigureAwait(false);
            var failed = stored.Record with
            {
                Status = JobStatus.Failed,
                FinishedAt = time.GetUtcNow(),
                Error = reason,
                Usage = redone.JudgeCalls == 0 && redone.CutOffCalls == 0 ? stored.Record.Usage : (stored.Record.Usage ?? TokenUsage.Zero) + redone,
            };
            if (await store.TryReplaceAsync(failed, stored.ETag, ct).ConfigureAwait(false) is null) return UpdateAttempt<bool>.Conflict;
            await ForgetUsageAsync(jobId).ConfigureAwait(false);
            Log.JobGivenUp(logger, jobId, reason);
            JobTelemetry.JobFinished(failed.Status.ToString(), failed.StartedAt, failed.FinishedAt);
            await StartCallbackAsync(failed, ct).ConfigureAwait(false);
            await RunMayHaveEndedAsync(failed, ct).ConfigureAwait(false);
            return UpdateAttempt<bool>.Done(true);
        }, whenExhausted: () => false, cancellationToken);

    private Task<StartResult> MarkRunningAsync(string jobId, CancellationToken cancellationToken) =>
        _writes.RunAsync(async (_, ct) =>
        {
            var stored = await store.GetAsync(jobId, ct).ConfigureAwait(false);
            if (stored is null)
            {
                Log.UnknownJob(logger, jobId);
                return UpdateAttempt<StartResult>.Done(StartResult.NotStarted(ScoringOutcome.UnknownJob));
            }

            if (stored.Record.IsFinished)
            {
                Log.AlreadyFinished(logger, jobId);
                // The attempt that finished it may have died before the job's index entry was written.
                await store.RefreshAsync(stored.Record, ct).ConfigureAwait(false);
                // Its first callback message may have failed to send after the record was written (then this message came back).
                if (stored.Record.Callback is { Status: CallbackStatus.Pending, Attempts.Count: 0 }) await StartCallbackAsync(stored.Record, ct).ConfigureAwait(false);
                // So may its run's first callback message, if this job was the run's last: this redelivery takes it over.
                if (stored.Record.RunId is { } endedRun) await runCallbacks.RecoverAsync(endedRun, ct).ConfigureAwait(false);
                return UpdateAttempt<StartResult>.Done(StartResult.NotStarted(ScoringOutcome.AlreadyFinished));
            }

            // A run's sample not started before the run was cancelled ends cancelled, unscored. The run's manifest, read
            // for that, also says whether the run owes a callback its last job's end must look at.
            var run = stored.Record is { RunId: { } runId, Status: JobStatus.Queued }
                ? (await runs.GetAsync(runId, ct).ConfigureAwait(false))?.Manifest
                : null;
            if (run?.CancelledAt is not null)
            {
                var cancelled = stored.Record with { Status = JobStatus.Cancelled, FinishedAt = time.GetUtcNow() };
                if (await store.TryReplaceAsync(cancelled, stored.ETag, ct).ConfigureAwait(false) is null) return UpdateAttempt<StartResult>.Conflict;
                await RunMayHaveEndedAsync(cancelled, ct).ConfigureAwait(false);
                return UpdateAttempt<StartResult>.Done(StartResult.NotStarted(ScoringOutcome.Cancelled));
            }

            // Held while the budget is spent; a job found running (its worker died) was started before and is taken over.
            if (stored.Record.Status == JobStatus.Queued && budget is not null && NeedsJudge(stored.Record)
                && await budget.IsExhaustedAsync(ct).ConfigureAwait(false))
            {
                if (stored.Record.Waiting != JudgeBudget.WaitingReason
                    && await store.TryReplaceAsync(stored.Record with { Waiting = JudgeBudget.WaitingReason }, stored.ETag, ct).ConfigureAwait(false) is null)
                {
                    return UpdateAttempt<StartResult>.Conflict;
                }

                return UpdateAttempt<StartResult>.Done(StartResult.NotStarted(ScoringOutcome.WaitingForBudget));
            }

            // A job found running was started by a worker that died or lost its message: take it over.
            var running = stored.Record with
            {
                Status = JobStatus.Running,
                StartedAt = time.GetUtcNow(),
                Attempts = stored.Record.Attempts + 1,
                Waiting = null,
            };
            if (await store.TryReplaceAsync(running, stored.ETag, ct).ConfigureAwait(false) is not { } etag) return UpdateAttempt<StartResult>.Conflict;
            JobTelemetry.JobStarted(running.CreatedAt, running.StartedAt!.Value, running.Attempts);
            // Not read (a job taken over, or not of a run): the end asks, as it would have.
            return UpdateAttempt<StartResult>.Done(StartResult.Started(new StoredJob(running, etag), runOwesCallback: run is null || run.Callback is { Status: CallbackStatus.Pending }));
        }, whenExhausted: () => throw new InvalidOperationException($"Job {jobId} kept changing while it was being started."), cancellationToken);

    private async Task<JobRecord> ScoreRecordAsync(JobRecord record, CancellationToken cancellationToken)
    {
        var request = record.Request;
        var errors = new RequestErrors();
        var selection = catalog.Select(request, errors);
        if (selection is null)
        {
            return Finish(record, JobStatus.Failed, $"The request can no longer be scored here: {errors}");
        }

        Log.JobStarted(logger, record.JobId, record.Attempts);
        if (record.RetryMetrics is { } retry)
        {
            // A run's retry: score only the metrics that failed, keep the rest as they were.
            var again = catalog.Select(request with { Metrics = retry }, new RequestErrors());
            if (again is not null) selection = again;
        }

        // The log made before the first call, so each call's line is one append before it goes out.
        if (selection.NeedsJudge) await LogUsageAsync(record.JobId, record.Attempts, TokenUsage.Zero).ConfigureAwait(false);
        ScoreOutcome outcome;
        using (JudgeSpend.RecordTo((live, _) => SpentAsync(record.JobId, record.Attempts, live)))
        {
            outcome = await scorer.ScoreAsync(request, selection, cancellationToken).ConfigureAwait(false);
        }

        var scored = record.RetryMetrics is null ? record with
        {
            Scores = outcome.Scores,
            Details = outcome.Details,
            WeightedScore = outcome.WeightedScore,
            SkippedMetrics = outcome.SkippedMetrics,
            LatencyMs = outcome.LatencyMs,
            Usage = outcome.Usage,
            Weights = outcome.Weights,
            PromptVersion = outcome.PromptVersion,
        } : Merge(record, outcome);

        var flaky = scored.Details?.Where(d => d.Value.Flaky == true).Select(d => d.Key).Order(StringComparer.Ordinal).ToList();
        scored = scored with { FlakyMetrics = flaky is { Count: > 0 } ? flaky : null };
        return outcome.AnyScored
            ? Finish(scored, JobStatus.Completed, error: null)
            : Finish(scored, JobStatus.Failed, "No metric could be scored: " + string.Join("; ",
                outcome.Details.Where(d => d.Value.Status == MetricStatus.Failed).Select(d => $"{d.Key}: {d.Value.Error ?? d.Value.ErrorKind?.ToString()}")));
    }

    /// <summary>Whether scoring <paramref name="record"/> (only its retried metrics, on a run's retry) asks the judge.</summary>
    private bool NeedsJudge(JobRecord record)
    {
        if (record.Request is not { } request) return false;
        var selection = record.RetryMetrics is { } retry
            ? catalog.Select(request with { Metrics = retry }, new RequestErrors()) ?? catalog.Select(request, new RequestErrors())
            : catalog.Select(request, new RequestErrors());
        return selection?.NeedsJudge == true;
    }

    // A call's line in the job's usage log and, once its reply is read, its cost in today's budget.
    private async Task SpentAsync(string jobId, int attempt, TokenUsage live)
    {
        await LogUsageAsync(jobId, attempt, live).ConfigureAwait(false);
        if (budget is not null) await budget.AddAsync(live, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task LogUsageAsync(string jobId, int attempt, TokenUsage live)
    {
        try
        {
            // Not the job's token: a call that was paid for is logged even when the job is being stopped.
            await usageLog.AppendAsync(jobId, attempt, live, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.UsageLogFailed(logger, ex, jobId);
        }
    }

    /// <summary>
    /// What the attempts other than <paramref name="finishing"/> spent, as redone usage, with the calls of every attempt
    /// whose reply was never read as its <see cref="TokenUsage.CutOffCalls"/>.
    /// </summary>
    private async Task<TokenUsage> RedoneAsync(string jobId, int finishing, CancellationToken cancellationToken)
    {
        try
        {
            var entries = await usageLog.ReadAsync(jobId, cancellationToken).ConfigureAwait(false);
            return JudgeUsageEntry.RedoneBesides(entries, finishing) with { CutOffCalls = JudgeUsageEntry.CutOffCalls(entries) };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.UsageLogFailed(logger, ex, jobId);
            return TokenUsage.Zero;
        }
    }

    /// <summary><paramref name="scored"/> with what the attempts other than <paramref name="attempt"/> spent added to its usage.</summary>
    private async Task<JobRecord> WithRedoneAsync(JobRecord scored, int attempt, CancellationToken cancellationToken)
    {
        var redone = await RedoneAsync(scored.JobId, attempt, cancellationToken).ConfigureAwait(false);
        return redone.JudgeCalls == 0 && redone.TotalTokens == 0 && redone.CutOffCalls == 0 ? scored : scored with { Usage = (scored.Usage ?? TokenUsage.Zero) + redone };
    }

    // Counted into the record just written; a log left behind by a failure here would be counted again only by a later retry.
    private async Task ForgetUsageAsync(string jobId)
    {
        try
        {
            await usageLog.DeleteAsync(jobId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.UsageLogFailed(logger, ex, jobId);
        }
    }

    private JobRecord Finish(JobRecord record, JobStatus status, string? error) =>
        record with { Status = status, FinishedAt = time.GetUtcNow(), Error = error, RetryMetrics = null };

    /// <summary>A retried job's earlier outcome with the metrics scored again laid over it.</summary>
    private static JobRecord Merge(JobRecord record, ScoreOutcome outcome)
    {
        var scores = new Dictionary<string, double?>(record.Scores, StringComparer.Ordinal);
        var details = new Dictionary<string, MetricResult>(record.Details ?? new Dictionary<string, MetricResult>(), StringComparer.Ordinal);
        foreach (var (name, score) in outcome.Scores) scores[name] = score;
        foreach (var (name, detail) in outcome.Details) details[name] = detail;
        var weights = record.Weights ?? outcome.Weights;
        return record with
        {
            Scores = scores,
            Details = details,
            WeightedScore = WeightedScore.Compute(scores, weights),
            LatencyMs = record.LatencyMs + outcome.LatencyMs,
            Usage = (record.Usage ?? TokenUsage.Zero) + outcome.Usage,
            Weights = weights,
            PromptVersion = outcome.PromptVersion ?? record.PromptVersion,
        };
    }

    private async Task<ScoringOutcome> WriteFinishedAsync(StoredJob started, JobRecord scored, bool runOwesCallback, CancellationToken cancellationToken)
    {
        var attempts = started.Record.Attempts;
        // What earlier attempts spent and never finished; the first attempt has nothing before it to read.
        var finished = attempts > 1 ? await WithRedoneAsync(scored, attempts, cancellationToken).ConfigureAwait(false) : scored;
        var etag = started.ETag;
        return await _writes.RunAsync(async (_, ct) =>
        {
            if (await store.TryReplaceAsync(finished, etag, ct).ConfigureAwait(false) is not null)
            {
                Log.JobFinished(logger, finished.JobId, finished.Status, finished.LatencyMs);
                JobTelemetry.JobFinished(finished.Status.ToString(), finished.StartedAt, finished.FinishedAt);
                await StartCallbackAsync(finished, ct).ConfigureAwait(false);
                if (runOwesCallback) await RunMayHaveEndedAsync(finished, ct).ConfigureAwait(false);
                return UpdateAttempt<ScoringOutcome>.Done(ScoringOutcome.Finished);
            }

            // Someone else wrote meanwhile: a worker that took the job over. Whoever finishes first wins.
            var current = await store.GetAsync(finished.JobId, ct).ConfigureAwait(false);
            if (current is null || current.Record.IsFinished)
            {
                Log.AlreadyFinished(logger, finished.JobId);
                return UpdateAttempt<ScoringOutcome>.Done(ScoringOutcome.AlreadyFinished);
            }

            // An attempt that took the job over meanwhile (on another instance) has paid for calls too: count what it has
            // logged so far. Its calls logged after this read are in no record (docs/usage-and-coverage.md).
            finished = await WithRedoneAsync(scored with { Attempts = current.Record.Attempts }, attempts, cancellationToken).ConfigureAwait(false);
            etag = current.ETag;
            return UpdateAttempt<ScoringOutcome>.Conflict;
        }, whenExhausted: () => throw new InvalidOperationException($"Job {finished.JobId} kept changing while its result was being written."), cancellationToken).ConfigureAwait(false);
    }

    private Task RunMayHaveEndedAsync(JobRecord finished, CancellationToken cancellationToken) =>
        finished.RunId is { } runId ? runCallbacks.RunMayHaveEndedAsync(runId, cancellationToken) : Task.CompletedTask;

    private Task StartCallbackAsync(JobRecord finished, CancellationToken cancellationToken) =>
        finished.Callback is { Status: CallbackStatus.Pending } ? queue.EnqueueAsync(new JobMessage.JobCallback(finished.JobId, 1), cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Either the job is now running (<see cref="Running"/>), or it was not started and the outcome says why; for a
    /// started job of a run, whether the run owes a callback (false only when its manifest was read and has none).
    /// </summary>
    private readonly record struct StartResult(StoredJob? Running, ScoringOutcome NotStartedBecause, bool RunOwesCallback)
    {
        public static StartResult Started(StoredJob running, bool runOwesCallback) => new(running, default, runOwesCallback);

        public static StartResult NotStarted(ScoringOutcome why) => new(null, why, false);
    }
}
