using System.ClientModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ScoreJobs.Budget;
using ScoreJobs.Redaction;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Judge.Batch;
using ScoreJobs.Metrics;
using ScoreJobs.Metrics.Judged;
using ScoreJobs.Queues;
using ScoreJobs.Records;
using ScoreJobs.Requests;
using ScoreJobs.Storage;

namespace ScoreJobs.Runs;

/// <summary>
/// The batch phase of a batch-mode run, one round a batch. A round scores every sample with a judge that calls no
/// model (<see cref="BatchCollection"/>): the calls the response cache cannot answer become the round's batch. When it
/// completes, its replies go into the cache and the next round is collected: a metric's second call (faithfulness'
/// verdicts on the claims of the first) is only known once the first is answered. A round that collects nothing ends
/// the phase: the run's jobs are created and score as a live run does, every judge call a cache hit. A batch that
/// fails, expires or is cancelled ends the phase early: what it answered is kept, the rest is called live.
/// </summary>
/// <remarks>
/// Everything is in the run's manifest (the batch ids, states, counts) and in the message that polls, which waits on
/// the queue; a restart loses nothing, and embedded mode's recovery queues the poll again. Each step is idempotent:
/// replies are written under their keys again, and a round submitted twice by two deliveries keeps the batch whose id
/// was saved first and cancels the other.
/// </remarks>
internal sealed class BatchRunDriver(
    IRunStore runs,
    [FromKeyedServices(QueueLanes.Runs)] IJobQueue queue,
    IOptions<JudgeOptions> judgeOptions,
    TimeProvider time,
    ILogger<BatchRunDriver> logger,
    BatchJudge? judge = null,
    SecretRedactor? redactor = null,
    JudgeBudget? budget = null,
    RubricMetricFactory? rubricMetrics = null,
    MetricCatalog? catalog = null)
{
    private readonly ConditionalUpdate _writes = new(time, attempts: 5);
    private readonly SecretRedactor _redactor = redactor ?? new SecretRedactor([judgeOptions.Value.ApiKey]);

    /// <summary>A safety net: the six metrics need at most two rounds (statements, then verdicts).</summary>
    internal const int MaxRounds = 8;

    /// <summary>More unanswered requests than this, and batching is not working: the rest goes live.</summary>
    internal const int MaxUnanswered = 2_000;

    private const int Collectors = 16;

    public async Task HandleAsync(StoredRun stored, int round, CancellationToken cancellationToken)
    {
        var manifest = stored.Manifest;
        var batch = manifest.Batch ?? new RunBatch();
        if (batch.IsOver) return;
        if (manifest.CancelledAt is not null)
        {
            await CancelAsync(stored, batch, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (judge is null || !judge.IsAvailable)
        {
            var why = judge is null ? "no judge is configured any more" : "the judge response cache is off (ScoreJobs__Judge__CacheTtlHours is 0)";
            await FinishAsync(stored, batch, RunBatch.Fallback, $"Batch mode needs the judge response cache and {why}: the run is scored live.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (batch.Current is not { } current)
        {
            if (round == 1) await StartRoundAsync(stored, batch, 1, cancellationToken).ConfigureAwait(false);
            return;
        }

        // A message of an earlier round (a duplicate) or a later one (cannot be): nothing to do.
        if (current.Round != round) return;
        await PollAsync(stored, batch, current, cancellationToken).ConfigureAwait(false);
    }

    private async Task PollAsync(StoredRun stored, RunBatch batch, RunBatchRound current, CancellationToken cancellationToken)
    {
        BatchStatus status;
        try
        {
            status = await judge!.GetAsync(current.BatchId, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientResultException ex) when (IsTransient(ex))
        {
            // The Batch API is briefly unavailable: read again later, as a slow batch would be, rather than use up the message's deliveries.
            await queue.EnqueueAsync(new JobMessage.PollBatch(stored.Manifest.RunId, current.Round), PollDelay(batch.Polls + 1), cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (ClientResultException ex)
        {
            await FinishAsync(stored, batch, RunBatch.Fallback, $"Round {current.Round}'s batch {current.BatchId} cannot be read (HTTP {ex.Status}); the run is scored live.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var read = current with { State = status.State, Requests = Math.Max(current.Requests, status.Total), Completed = status.CompletedCount, Failed = status.FailedCount };
        if (!status.IsEnded)
        {
            var polled = batch with { State = status.State, Rounds = Replace(batch.Rounds, read), Polls = batch.Polls + 1 };
            // Saved or not (a cancel or a retry changed the manifest meanwhile), the next read goes ahead and sees what changed.
            await runs.TryReplaceAsync(stored.Manifest with { Batch = polled }, stored.ETag, cancellationToken).ConfigureAwait(false);
            await queue.EnqueueAsync(new JobMessage.PollBatch(stored.Manifest.RunId, current.Round), PollDelay(polled.Polls + 1), cancellationToken).ConfigureAwait(false);
            return;
        }

        // Ended: first note it, so a second chain of polls (a duplicate message) stops here; a redelivery after a crash
        // finds the round ended and no next one, and goes on from here.
        var ended = read with { EndedAt = current.EndedAt ?? time.GetUtcNow() };
        if (!current.IsEnded)
        {
            var noted = batch with { State = status.State, Rounds = Replace(batch.Rounds, ended) };
            var etag = await runs.TryReplaceAsync(stored.Manifest with { Batch = noted }, stored.ETag, cancellationToken).ConfigureAwait(false);
            if (etag is null) return;
            stored = new StoredRun(stored.Manifest with { Batch = noted }, etag);
            batch = noted;
        }

        var fill = await judge.StoreRepliesAsync(status, cancellationToken).ConfigureAwait(false);
        RunLog.BatchEnded(logger, stored.Manifest.RunId, current.Round, current.BatchId, status.State, fill.Stored, fill.Unanswered.Count);
        var unanswered = batch.Unanswered.Union(fill.Unanswered, StringComparer.Ordinal).ToList();
        var answered = batch with { Unanswered = unanswered.Count > MaxUnanswered ? [] : unanswered };
        if (status.State != BatchStatus.Completed)
        {
            var what = status.State switch
            {
                BatchStatus.Expired => "expired before it finished (24 h window)",
                BatchStatus.Cancelled => "was cancelled",
                _ => "failed" + (status.Errors is { } errors ? ": " + errors : ""),
            };
            await FinishAsync(stored, answered, RunBatch.Fallback,
                $"Round {current.Round}'s batch {current.BatchId} {what}; its {fill.Stored} replies are used and the rest is scored live.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (unanswered.Count > MaxUnanswered)
        {
            await FinishAsync(stored, answered, RunBatch.Fallback,
                $"{unanswered.Count} requests got no usable reply from the batches (first: {fill.FirstError}); the rest is scored live.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (fill.Unanswered.Count > 0)
        {
            answered = answered with { Reason = $"{unanswered.Count} requests got no usable reply from a batch (first: {fill.FirstError}) and are scored live." };
        }

        await StartRoundAsync(stored, answered, current.Round + 1, cancellationToken).ConfigureAwait(false);
    }

    private async Task StartRoundAsync(StoredRun stored, RunBatch batch, int round, CancellationToken cancellationToken)
    {
        var manifest = stored.Manifest;
        if (round > MaxRounds)
        {
            await FinishAsync(stored, batch, RunBatch.Fallback, $"The run still had judge calls to make after {MaxRounds} batches; they are made live.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (budget is not null && await budget.IsExhaustedAsync(cancellationToken).ConfigureAwait(false))
        {
            // No new batch while today's judge budget is spent: the message that would start this round comes back (for
            // a later round, the poll of the round before, which finds it ended and comes here again).
            RunLog.BatchRoundWaitingForBudget(logger, manifest.RunId, round);
            await queue.EnqueueAsync(new JobMessage.PollBatch(manifest.RunId, Math.Max(round - 1, 1)), budget.WaitDelay(), cancellationToken).ConfigureAwait(false);
            return;
        }

        var requests = await CollectAsync(manifest, batch.Unanswered, cancellationToken).ConfigureAwait(false);
        if (requests.Count == 0)
        {
            await FinishAsync(stored, batch, RunBatch.Scoring, batch.Reason, cancellationToken).ConfigureAwait(false);
            return;
        }

        // More than one file holds (50,000 requests, 200 MB) waits for the next round: it is still unanswered then.
        var (file, lines) = judge!.InputFile(requests);
        var metadata = new Dictionary<string, string> { ["scorejobs_run_id"] = manifest.RunId, ["scorejobs_round"] = round.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        BatchStatus status;
        try
        {
            status = await judge.SubmitAsync(file, metadata, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientResultException ex) when (!IsTransient(ex))
        {
            // A deployment without batch capacity (Azure needs a Global Batch one), a model the Batch API does not take...
            await FinishAsync(stored, batch, RunBatch.Fallback,
                $"The Batch API refused round {round}'s batch (HTTP {ex.Status}: {ServerMessage(ex)}); the rest is scored live.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var submitted = batch with
        {
            State = status.State,
            Polls = 0,
            Rounds = [.. batch.Rounds, new RunBatchRound
            {
                Round = round, BatchId = status.Id, InputFileId = status.InputFileId, State = status.State, Requests = lines, SubmittedAt = time.GetUtcNow(),
            }],
        };
        if (await runs.TryReplaceAsync(manifest with { Batch = submitted }, stored.ETag, cancellationToken).ConfigureAwait(false) is null)
        {
            // Another delivery saved its batch for this round first (or the run was cancelled meanwhile): this one goes.
            RunLog.BatchDiscarded(logger, manifest.RunId, round, status.Id);
            await judge.CancelAsync(status.Id, cancellationToken).ConfigureAwait(false);
            return;
        }

        RunLog.BatchSubmitted(logger, manifest.RunId, round, status.Id, lines);
        await queue.EnqueueAsync(new JobMessage.PollBatch(manifest.RunId, round), PollDelay(1), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Scores every sample with the collecting judge; the calls no cached reply answers, less those not to batch again.</summary>
    private async Task<IReadOnlyCollection<BatchRequest>> CollectAsync(RunManifest manifest, IReadOnlyList<string> unanswered, CancellationToken cancellationToken)
    {
        using var collection = judge!.StartCollection();
        var metrics = JudgeMetricSet.Create(collection.Caller, judgeOptions, time, NullLoggerFactory.Instance).ToDictionary(m => m.Name, StringComparer.Ordinal);
        for (var chunk = 0; chunk < manifest.Chunks; chunk++)
        {
            // A lost chunk is reported by the expansion; its samples simply have nothing batched.
            if (await runs.ReadChunkAsync(manifest.RunId, chunk, cancellationToken).ConfigureAwait(false) is not { } samples) continue;
            var work = samples.SelectMany(s => (s.Request.Metrics ?? []).Select(name => (s.Request, Metric: CollectingMetric(name, s.Request)))
                .Where(item => item.Metric is not null).Select(item => (item.Request, Metric: item.Metric!)));
            await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = Collectors, CancellationToken = cancellationToken }, async (item, ct) =>
            {
                try
                {
                    await item.Metric.ScoreAsync(item.Request, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The outcome of a collection pass is thrown away; a metric that crashes here crashes in its job too.
                }
            }).ConfigureAwait(false);
        }

        var skip = unanswered.ToHashSet(StringComparer.Ordinal);

        // Rubrics are collected like the built-ins: the request's own, else the server's, over the collecting judge.
        Metric? CollectingMetric(string name, ScoreRequest request) =>
            metrics.TryGetValue(name, out var builtIn) ? builtIn
            : rubricMetrics is not null && catalog?.RubricFor(name, request) is { } rubric ? rubricMetrics.Create(rubric, collection.Caller) : null;
        return [.. collection.Requests.Where(r => !skip.Contains(r.CustomId))];
    }

    /// <summary>Ends the batch phase and creates the run's jobs, which score with what the batches put in the cache.</summary>
    private async Task FinishAsync(StoredRun stored, RunBatch batch, string state, string? reason, CancellationToken cancellationToken)
    {
        var finished = batch with { State = state, Reason = reason };
        // Ended by another delivery, or gone: nothing more to do here. Still changing after every attempt: the expansion goes ahead.
        var goOn = await _writes.RunAsync(async (_, ct) =>
        {
            if (await runs.TryReplaceAsync(stored.Manifest with { Batch = finished }, stored.ETag, ct).ConfigureAwait(false) is not null) return UpdateAttempt<bool>.Done(true);
            if (await runs.GetAsync(stored.Manifest.RunId, ct).ConfigureAwait(false) is not { } again) return UpdateAttempt<bool>.Done(false);
            if (again.Manifest.Batch?.IsOver == true) return UpdateAttempt<bool>.Done(false);
            stored = again;
            finished = (again.Manifest.Batch ?? batch) with { State = state, Reason = reason };
            return UpdateAttempt<bool>.Conflict;
        }, whenExhausted: () => true, cancellationToken).ConfigureAwait(false);
        if (!goOn) return;

        RunLog.BatchPhaseEnded(logger, stored.Manifest.RunId, state, reason ?? "");
        await queue.EnqueueAsync(new JobMessage.ExpandRun(stored.Manifest.RunId, 0), cancellationToken).ConfigureAwait(false);
    }

    // A cancelled run: its batch in flight is cancelled too (best effort: its replies would only fill the cache).
    private async Task CancelAsync(StoredRun stored, RunBatch batch, CancellationToken cancellationToken)
    {
        if (judge is not null && batch.Current is { IsEnded: false } current && batch.State != "cancelling")
        {
            try
            {
                await judge.CancelAsync(current.BatchId, cancellationToken).ConfigureAwait(false);
            }
            catch (ClientResultException ex)
            {
                RunLog.BatchCancelFailed(logger, stored.Manifest.RunId, current.BatchId, ex.Status);
            }

            await runs.TryReplaceAsync(stored.Manifest with { Batch = batch with { State = "cancelling" } }, stored.ETag, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(ClientResultException ex) => ex.Status is 0 or 408 or 429 or >= 500;

    // Never the server's words on a refused credential: a rejected key may be echoed back in part.
    private string ServerMessage(ClientResultException ex)
    {
        if (ex.Status is 401 or 403) return "the credentials were refused";
        var text = ex.GetRawResponse()?.Content?.ToString() ?? "";
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            if (document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == System.Text.Json.JsonValueKind.Object
                && error.TryGetProperty("message", out var message) && message.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                text = message.GetString() ?? "";
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the text as it came.
        }

        return _redactor.Scrub(text, 200);
    }

    private TimeSpan PollDelay(int poll) =>
        MessageBackoff.Delay(poll, TimeSpan.FromSeconds(judgeOptions.Value.BatchPollSeconds), TimeSpan.FromSeconds(Math.Max(judgeOptions.Value.BatchPollSeconds, judgeOptions.Value.BatchMaxPollSeconds)));

    private static List<RunBatchRound> Replace(IReadOnlyList<RunBatchRound> rounds, RunBatchRound round) =>
        [.. rounds.Select(r => r.Round == round.Round ? round : r)];
}
