using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Callbacks;
using ScoreJobs.Estimates;
using ScoreJobs.Judge;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Records;
using ScoreJobs.Requests;
using ScoreJobs.Runs;
using ScoreJobs.Runs.Datasets;

namespace ScoreJobs.Http;

/// <summary>
/// The dataset-run routes' handlers, shared by every host like <see cref="ScoreJobsHandlers"/>: bind, call
/// <see cref="RunService"/>, map to a typed result or a problem.
/// </summary>
public sealed class RunHandlers(
    RunService runs, MetricCatalog catalog, CallbackUrlPolicy callbacks, RunUploadGate uploads, LaneListeners lanes, IOptions<ScoreJobsOptions> options,
    IOptions<JudgeOptions> judge, RunEstimator estimator, ILogger<RunHandlers> logger)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 200;

    /// <summary>
    /// POST /api/score/runs: read and check every sample (JSON, JSONL or CSV), store the run, answer 202 at once. With
    /// nothing listening on the runs lane (or on the live lane, which carries a run's callback), 503 saying why, and nothing stored.
    /// With <c>?dry_run=true</c>: read and check the same way (the same 4xx problems), store and queue nothing, claim no
    /// Idempotency-Key, and answer 200 with what the run would spend on the judge.
    /// </summary>
    public async Task<Results<JsonHttpResult<SubmitRunResponse>, JsonHttpResult<RunEstimateResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (DryRun(http, out var dryRun) is { } badDryRun) return badDryRun;
        if (!dryRun && lanes.WhyUnheard(QueueLanes.Runs) is { } unheard) return Problems.Unavailable(unheard);

        var max = options.Value.MaxRunRequestBytes;
        // A dataset is larger than a job: lift the server's body limit (set for single requests) for this request only.
        if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max;
        var slot = await uploads.EnterAsync(http.ContentLength, cancellationToken).ConfigureAwait(false);
        if (slot is null)
        {
            http.HttpContext.Response.Headers.RetryAfter = RunUploadGate.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Unavailable($"Other large runs are being read; this one was not. Retry after {RunUploadGate.RetryAfterSeconds} s (with the same Idempotency-Key).");
        }

        // The samples live only in ReadAndSubmitAsync: once it returns they are garbage, which the slot's release collects.
        using (slot) return await ReadAndSubmitAsync(http, max, dryRun, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Results<JsonHttpResult<SubmitRunResponse>, JsonHttpResult<RunEstimateResponse>, ValidationProblem, ProblemHttpResult>> ReadAndSubmitAsync(
        HttpRequest http, int max, bool dryRun, CancellationToken cancellationToken)
    {
        await using var body = await SpooledBody.ReadAsync(http, max, HashPrefix(http), cancellationToken).ConfigureAwait(false);
        if (body is null) return Problems.PayloadTooLarge(max);

        var errors = new RequestErrors();
        var key = RequestParameters.IdempotencyKey(http, errors);
        if (!errors.IsEmpty) return Problems.Validation(errors);

        var submission = RunSubmissionReader.Read(http.ContentType, body.Content, http.Query, errors, out var columns);
        if (submission?.Settings.CallbackUrl is { } callbackUrl)
        {
            if (!dryRun && lanes.WhyUnheard(QueueLanes.Live) is { } noCallbacks) return Problems.Unavailable(noCallbacks);
            if (callbacks.Check(callbackUrl) is { } refused) errors.Add("callback_url", refused);
        }

        if (submission is not null) judge.Value.CheckRequestedModels(submission.Settings.JudgeModel, submission.Settings.EmbeddingModel, errors);

        var prepared = submission is null || !errors.IsEmpty ? null : RunPreparation.Prepare(submission, catalog, errors);
        if (prepared is null)
        {
            // Which columns were read is often the answer to a run's errors (a contexts column under another name).
            if (columns is not null) errors.Add("columns", columns.Describe());
            return Problems.Validation(errors);
        }

        if (submission!.Settings.MinCoverage is null)
        {
            prepared = prepared with { Manifest = prepared.Manifest with { MinCoverage = options.Value.Runs.MinCoverage } };
        }

        if (dryRun)
        {
            var estimate = await estimator.EstimateAsync(prepared, cancellationToken).ConfigureAwait(false);
            var manifest = prepared.Manifest;
            RunLog.RunEstimated(logger, manifest.Samples, estimate.JudgeCalls, estimate.PromptTokens, estimate.Cached);
            return TypedResults.Json(new RunEstimateResponse(manifest.Samples, manifest.Metrics, estimate)
            {
                Mode = manifest.Mode,
                JudgeModel = estimate.ByMetric.Count == 0 ? null : manifest.JudgeModel ?? judge.Value.Model,
                ColumnsRead = columns?.Read,
                ColumnsIgnored = columns?.Ignored,
            }, HttpJsonContext.Readable.RunEstimateResponse);
        }

        SubmitRunResult result;
        try
        {
            result = await runs.SubmitAsync(prepared, key, Convert.ToHexStringLower(body.Sha256), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SubmitUnavailable(logger, ex);
            return Problems.Unavailable("The run store or queue could not be reached, so the run was not accepted. Retry shortly (with the same Idempotency-Key).");
        }

        if (result.KeyConflict) return Problems.IdempotencyConflict();
        var run = result.Run!;
        var location = RunLocation(run.RunId);
        http.HttpContext.Response.Headers.Location = location;
        http.HttpContext.Response.Headers.RetryAfter = "2";
        if (result.Replayed) http.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Json(new SubmitRunResponse(run.RunId, run.Status, run.Samples, run.CreatedAt, location) { ColumnsRead = columns?.Read, ColumnsIgnored = columns?.Ignored },
            HttpJsonContext.Readable.SubmitRunResponse, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>GET /api/score/runs: newest first, paged by an opaque cursor.</summary>
    public async Task<Results<JsonHttpResult<RunListResponse>, ValidationProblem>> ListAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var (limit, after) = RequestParameters.Page(http.Query, DefaultPageSize, MaxPageSize, errors);
        if (!errors.IsEmpty) return Problems.Validation(errors);
        var page = await runs.ListAsync(limit, after, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(new RunListResponse(page.Runs, page.NextCursor), HttpJsonContext.Readable.RunListResponse);
    }

    /// <summary>GET /api/score/runs/{run_id}: progress and aggregates.</summary>
    public async Task<Results<JsonHttpResult<RunRecord>, ValidationProblem, ProblemHttpResult>> GetAsync(string runId, CancellationToken cancellationToken)
    {
        if (Invalid(runId) is { } invalid) return invalid;
        var run = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false);
        return run is null ? Problems.RunNotFound(runId) : TypedResults.Json(run, HttpJsonContext.Readable.RunRecord);
    }

    /// <summary>POST /api/score/runs/{run_id}/cancel: samples not started end cancelled. 202 with the run.</summary>
    public async Task<Results<JsonHttpResult<RunRecord>, ValidationProblem, ProblemHttpResult>> CancelAsync(string runId, CancellationToken cancellationToken)
    {
        if (Invalid(runId) is { } invalid) return invalid;
        var run = await runs.CancelAsync(runId, cancellationToken).ConfigureAwait(false);
        return run is null ? Problems.RunNotFound(runId) : TypedResults.Json(run, HttpJsonContext.Readable.RunRecord, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// DELETE /api/score/runs/{run_id}: 202 at once; the run is not found from then on, and its jobs, labels and samples
    /// are deleted on the runs lane. With nothing listening on that lane, 503 and nothing changed.
    /// </summary>
    public async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> DeleteAsync(string runId, CancellationToken cancellationToken)
    {
        if (Invalid(runId) is { } invalid) return invalid;
        if (lanes.WhyUnheard(QueueLanes.Runs) is { } unheard) return Problems.Unavailable(unheard);
        return await runs.DeleteAsync(runId, cancellationToken).ConfigureAwait(false) ? TypedResults.Accepted((string?)null) : Problems.RunNotFound(runId);
    }

    /// <summary>POST /api/score/runs/{run_id}/retry: score again what failed, and resume what never ran. 202 with the run.</summary>
    public async Task<Results<JsonHttpResult<RunRecord>, ValidationProblem, ProblemHttpResult>> RetryAsync(string runId, CancellationToken cancellationToken)
    {
        if (Invalid(runId) is { } invalid) return invalid;
        if (lanes.WhyUnheard(QueueLanes.Runs) is { } unheard) return Problems.Unavailable(unheard);
        var run = await runs.RetryAsync(runId, cancellationToken).ConfigureAwait(false);
        return run is null ? Problems.RunNotFound(runId) : TypedResults.Json(run, HttpJsonContext.Readable.RunRecord, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>GET /api/score/runs/{base}/compare/{head}?margin=0.1&amp;min_delta=0: per-metric deltas and whether each is real, per-sample changes, regressions.</summary>
    public async Task<Results<JsonHttpResult<RunComparison>, ValidationProblem, ProblemHttpResult>> CompareAsync(
        HttpRequest http, string baseRunId, string headRunId, CancellationToken cancellationToken)
    {
        if (Invalid(baseRunId, "base_run_id") is { } invalidBase) return invalidBase;
        if (Invalid(headRunId, "head_run_id") is { } invalidHead) return invalidHead;
        var margin = RunService.DefaultRegressionMargin;
        var marginText = http.Query["margin"].ToString();
        if (marginText.Length > 0 && (!double.TryParse(marginText, NumberStyles.Float, CultureInfo.InvariantCulture, out margin) || margin is < 0 or > 1))
        {
            return Problems.Validation("margin", "must be a number from 0 to 1");
        }

        var minDelta = 0.0;
        var minDeltaText = http.Query["min_delta"].ToString();
        if (minDeltaText.Length > 0 && (!double.TryParse(minDeltaText, NumberStyles.Float, CultureInfo.InvariantCulture, out minDelta) || minDelta is < 0 or > 1))
        {
            return Problems.Validation("min_delta", "must be a number from 0 to 1: how far a metric's mean must move to count as better or worse");
        }

        var (comparison, missing) = await runs.CompareAsync(baseRunId, headRunId, margin, minDelta, cancellationToken).ConfigureAwait(false);
        return comparison is null ? Problems.RunNotFound(missing!) : TypedResults.Json(comparison, HttpJsonContext.Readable.RunComparison);
    }

    /// <summary>The <c>dry_run</c> query parameter: true or false (default false); a problem for anything else.</summary>
    private static ValidationProblem? DryRun(HttpRequest http, out bool dryRun)
    {
        dryRun = false;
        var values = http.Query["dry_run"];
        if (values.Count == 0) return null;
        if (values.Count == 1 && bool.TryParse(values[0]?.Trim(), out dryRun)) return null;
        return Problems.Validation("dry_run", "must be true (estimate the run's judge calls and cost, store nothing) or false, given once");
    }

    /// <summary>Where a run is read.</summary>
    public static string RunLocation(string runId) => "/api/score/runs/" + runId;

    private static ValidationProblem? Invalid(string runId, string field = "run_id") =>
        JobId.IsValid(runId) ? null : Problems.Validation(field, $"is not a run id: ids are the {JobId.Length}-character values POST /api/score/runs returns");

    // The same body, type and settings are the same submission.
    /// <summary>What a replay must repeat besides the body, hashed before it: the content type and the query string.</summary>
    private static byte[] HashPrefix(HttpRequest http) => System.Text.Encoding.UTF8.GetBytes((http.ContentType ?? "") + "\n" + http.QueryString.Value + "\n");
}
