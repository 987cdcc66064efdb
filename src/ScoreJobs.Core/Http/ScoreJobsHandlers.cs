using ScoreJobs.Deletion;
using ScoreJobs.Budget;
using ScoreJobs.Health;
using ScoreJobs.Index;
using ScoreJobs.Records;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Callbacks;
using ScoreJobs.Jobs;
using ScoreJobs.Judge;
using ScoreJobs.Labels;
using ScoreJobs.Json;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Requests;
using ScoreJobs.Sampling;
using ScoreJobs.Scoring;
using ScoreJobs.Storage;

namespace ScoreJobs.Http;

/// <summary>
/// The API's handlers, shared by every host: each binds what it needs from the request, calls the
/// core, and maps the result to a typed result or a problem. Routes are the host's business.
/// </summary>
public sealed class ScoreJobsHandlers(
    JobService jobs, JobStatistics statistics, Scorer scorer, MetricCatalog catalog, ServiceDescription service, CallbackUrlPolicy callbacks,
    ReadinessProbe readiness, LabelService labels, JobDeleter deleter, LaneListeners lanes, SamplingPolicy sampling, IDailyCounters counters, TimeProvider time,
    IOptions<ScoreJobsOptions> options, IOptions<JudgeOptions> judge, ILogger<ScoreJobsHandlers> logger, JudgeBudget? budget = null)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>The most <c>tag=</c> filters one list or stats query takes (each is a join in the index).</summary>
    public const int MaxTagFilters = 16;

    /// <summary>The daily counter of live calls sampling left out (<see cref="JobStatistics"/> reads it).</summary>
    internal const string NotSampledCounter = JobStatistics.NotSampledCounter;

    private static readonly string Version =
        typeof(ScoreJobsHandlers).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// POST /api/score/async: validate, store a queued record, enqueue, answer 202 at once. With nothing listening on the
    /// live lane, 503 saying why, and nothing stored.
    /// </summary>
    public async Task<Results<JsonHttpResult<SubmitResponse>, JsonHttpResult<NotSampledResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (lanes.WhyUnheard(QueueLanes.Live) is { } unheard) return Problems.Unavailable(unheard);

        var (request, selection, ignored, invalid, tooLarge, body) = await ReadScoreRequestAsync(http, forJob: true, cancellationToken).ConfigureAwait(false);
        if (tooLarge is not null) return tooLarge;
        if (invalid is not null) return invalid;

        var keyErrors = new RequestErrors();
        var key = RequestParameters.IdempotencyKey(http, keyErrors);
        if (!keyErrors.IsEmpty) return Problems.Validation(keyErrors);

        // Checked after validation, so a broken Dify node gets its 400 whatever the rate.
        if (!sampling.IsSampled(request!, key, body.Span))
        {
            try
            {
                var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
                await counters.AddAsync(NotSampledCounter, today, 1, cancellationToken).ConfigureAwait(false);
                if (request!.Metadata?.TryGetValue(SamplingPolicy.AppTag, out var app) == true)
                {
                    await counters.AddAsync(JobStatistics.NotSampledCounterOf(app), today, 1, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The call was answered as it must be; only the stats' count of skipped calls misses it, and the log says so.
                Log.NotSampledUncounted(logger, ex);
            }

            return TypedResults.Json(new NotSampledResponse(), HttpJsonContext.Readable.NotSampledResponse);
        }

        SubmitResult result;
        try
        {
            result = await jobs.SubmitAsync(request!, selection!, key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SubmitUnavailable(logger, ex);
            return Problems.Unavailable("The job store or queue could not be reached, so the job was not accepted. Retry shortly.");
        }

        if (result.KeyConflict) return Problems.IdempotencyConflict();

        var job = result.Job!;
        var location = JobLocation(job.JobId);
        http.HttpContext.Response.Headers.Location = location;
        http.HttpContext.Response.Headers.RetryAfter = job.IsFinished ? "0" : selection!.NeedsJudge ? "5" : "1";
        if (result.Replayed) http.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Json(new SubmitResponse(job.JobId, job.Status, job.CreatedAt, location) { IgnoredFields = ignored!, Warnings = request!.Warnings },
            HttpJsonContext.Readable.SubmitResponse, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>POST /api/score: the same scorer, synchronously, no queue and no record.</summary>
    public async Task<Results<JsonHttpResult<ScoreOutcome>, ValidationProblem, ProblemHttpResult>> ScoreNowAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var (request, selection, ignored, invalid, tooLarge, _) = await ReadScoreRequestAsync(http, forJob: false, cancellationToken).ConfigureAwait(false);
        if (tooLarge is not null) return tooLarge;
        if (invalid is not null) return invalid;

        ScoreOutcome outcome;
        // Its live calls count towards the daily budget as a job's do; the call is not held by it (its caller waits).
        using (budget is null ? null : JudgeSpend.RecordTo((paid, _) => budget.AddAsync(paid, CancellationToken.None)))
        {
            outcome = await scorer.ScoreAsync(request!, selection!, cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Json(outcome with { Warnings = request!.Warnings, IgnoredFields = ignored }, HttpJsonContext.Readable.ScoreOutcome);
    }

    /// <summary>GET /api/score/jobs: newest first, paged by an opaque cursor, optionally filtered.</summary>
    public async Task<Results<JsonHttpResult<JobListResponse>, ValidationProblem>> ListAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var filter = ReadFilter(http.Query, errors);
        var (limit, after) = RequestParameters.Page(http.Query, DefaultPageSize, MaxPageSize, errors);
        if (!errors.IsEmpty) return Problems.Validation(errors);

        var page = await jobs.ListAsync(filter, limit, after, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(new JobListResponse(page.Jobs, page.NextCursor), HttpJsonContext.Readable.JobListResponse);
    }

    /// <summary>GET /api/score/stats: counts, mean, distribution and trend over the records matching the list's filters.</summary>
    public async Task<Results<JsonHttpResult<JobStats>, ValidationProblem>> StatsAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var filter = ReadFilter(http.Query, errors);
        if (!errors.IsEmpty) return Problems.Validation(errors);
        var stats = await statistics.ComputeAsync(filter, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(stats, HttpJsonContext.Readable.JobStats);
    }

    /// <summary>GET /api/score/jobs/{job_id}: the full record.</summary>
    public async Task<Results<JsonHttpResult<JobRecord>, ValidationProblem, ProblemHttpResult>> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        if (Problems.InvalidJobId(jobId) is { } invalid) return invalid;

        var job = jobs.GetAsync(jobId, cancellationToken);
        var labelled = labels.GetAsync(jobId, cancellationToken);
        await Task.WhenAll(job, labelled).ConfigureAwait(false);
        return job.Result is null ? Problems.NotFound(jobId) : TypedResults.Json(job.Result with { Labels = labelled.Result }, HttpJsonContext.Readable.JobRecord);
    }

    /// <summary>DELETE /api/score/jobs/{job_id}: the record, its labels, usage log and index entry. 204; 404; 409 for a run's job.</summary>
    public async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        if (Problems.InvalidJobId(jobId) is { } invalid) return invalid;
        var (outcome, runId) = await deleter.DeleteAsync(jobId, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            JobDeletion.Deleted => TypedResults.NoContent(),
            JobDeletion.OfARun => Problems.JobOfRun(jobId, runId!),
            _ => Problems.NotFound(jobId),
        };
    }

    /// <summary>GET /api/score/metrics: the catalog, with what each metric needs and whether it can run here.</summary>
    public JsonHttpResult<MetricCatalogResponse> Metrics() =>
        TypedResults.Json(
            new MetricCatalogResponse([.. catalog.Definitions.Select(d => new MetricInfo(d.Name, d.NeedsNames, d.NeedsJudge, d.DefaultWeight, catalog.IsAvailable(d.Name), d.Description) { Kind = d.Kind, InDefaultSet = d.InDefaultSet && d.Kind == ScoreJobs.Metrics.MetricDefinition.BuiltIn })]),
            HttpJsonContext.Readable.MetricCatalogResponse);

    /// <summary>
    /// GET /api/health: liveness for anyone; the wiring (storage, queue, the records' location, the judge's model and host)
    /// and the daily judge budget (limit, today's spend, whether it is reached) only with a valid API token, or with none configured when the host says its other routes are open too
    /// (<paramref name="detailsWithoutToken"/>: the server, where no token means every route is open; not the Functions
    /// app, whose other routes function keys guard, keys this worker cannot check on an anonymous route).
    /// </summary>
    public async Task<JsonHttpResult<HealthResponse>> HealthAsync(HttpRequest http, bool detailsWithoutToken, CancellationToken cancellationToken)
    {
        var token = options.Value.ApiToken;
        var authRequired = !string.IsNullOrEmpty(token);
        var details = authRequired ? ApiTokenAuthorization.IsAuthorized(http, token) : detailsWithoutToken;
        var health = details
            ? new HealthResponse("ok", Version, service.Storage, service.Queue, service.Location, service.Judge, authRequired,
                await BudgetStateAsync(cancellationToken).ConfigureAwait(false))
            : new HealthResponse("ok", Version, null, null, null, null, authRequired);
        return TypedResults.Json(health, HttpJsonContext.Readable.HealthResponse);
    }

    // Liveness must not fail with the counters' storage: then the budget is left out.
    private async Task<BudgetState?> BudgetStateAsync(CancellationToken cancellationToken)
    {
        if (budget is null) return null;
        try
        {
            return await budget.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.BudgetUnread(logger, ex);
            return null;
        }
    }

    /// <summary>
    /// GET /api/health/ready: whether storage, the queue and the judge answer now. 200 when all do (or no judge is
    /// configured), else 503 with a problem-shaped body naming what failed. Cheap: one call each, in parallel, bounded.
    /// </summary>
    public async Task<JsonHttpResult<ReadinessResponse>> ReadyAsync(CancellationToken cancellationToken)
    {
        var checks = await readiness.CheckAsync(cancellationToken).ConfigureAwait(false);
        var failed = checks.Where(c => !c.Value.IsReady).Select(c => $"{c.Key}: {c.Value.Error}").ToList();
        if (failed.Count == 0) return TypedResults.Json(new ReadinessResponse("ready", checks), HttpJsonContext.Readable.ReadinessResponse);

        var response = new ReadinessResponse("not_ready", checks)
        {
            Type = ProblemTypes.NotReady,
            Title = failed.Count == 1 && !checks["listeners"].IsReady ? "A queue this app writes to has no listener in it." : "A dependency is not reachable.",
            Detail = string.Join("; ", failed),
        };
        return TypedResults.Json(response, HttpJsonContext.Readable.ReadinessResponse, "application/problem+json", StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Where a job's record is read.</summary>
    public static string JobLocation(string jobId) => "/api/score/jobs/" + jobId;

    /// <summary>
    /// Reads a score request in any body Dify's HTTP node sends: JSON (leniently, as Dify parses it), text/plain holding
    /// JSON, x-www-form-urlencoded and multipart/form-data fields.
    /// </summary>
    private async Task<(ScoreRequest? Request, MetricSelection? Selection, List<string>? Ignored, ValidationProblem? Invalid, ProblemHttpResult? TooLarge, ReadOnlyMemory<byte> Body)> ReadScoreRequestAsync(
        HttpRequest http, bool forJob, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxRequestBytes;
        var body = await RequestBody.ReadAsync(http, max, cancellationToken).ConfigureAwait(false);
        if (body is null) return (null, null, null, null, Problems.PayloadTooLarge(max), default);

        var errors = new RequestErrors();
        var ignored = new List<string>();
        ScoreRequest? request;
        if (http.HasFormContentType)
        {
            // The body is already read within the limit; the form is parsed from that copy by ASP.NET Core's own reader.
            http.Body = new MemoryStream(body.Value.ToArray(), writable: false);
            IFormCollection form;
            try
            {
                form = await http.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
            {
                errors.Add("body", $"is not a readable {http.ContentType} body ({ex.Message}): send fields question, answer, contexts, ground_truth, metrics, metadata.<tag>");
                return (null, null, null, Problems.Validation(errors), null, default);
            }

            using var fields = FormFields.ToJson(form, ignored);
            request = ScoreRequestReader.Read(fields.RootElement, errors, ignored);
        }
        else
        {
            request = ScoreRequestReader.Read(body.Value, errors, ignored, http.ContentType);
        }

        if (request?.CallbackUrl is { } callbackUrl)
        {
            var refused = forJob
                ? callbacks.Check(callbackUrl)
                : "is only for jobs: POST /api/score/async calls it back when the job ends, while POST /api/score answers with the scores themselves";
            if (refused is not null) errors.Add("callback_url", refused);
        }

        if (request is not null) judge.Value.CheckRequestedModels(request.JudgeModel, request.EmbeddingModel, errors);
        var selection = request is null ? null : catalog.Select(request, errors);
        return selection is null || !errors.IsEmpty ? (null, null, null, Problems.Validation(errors), null, default) : (request, selection, ignored, null, null, body.Value);
    }

    internal static JobFilter ReadFilter(IQueryCollection query, RequestErrors errors)
    {
        JobStatus? status = null;
        var statusText = query["status"].ToString();
        if (statusText.Length > 0)
        {
            if (Enum.TryParse<JobStatus>(statusText, ignoreCase: true, out var parsed) && !int.TryParse(statusText, out _)) status = parsed;
            else errors.Add("status", "must be one of queued, running, completed, failed, cancelled");
        }

        var metric = query["metric"].ToString();
        var tags = new List<KeyValuePair<string, string>>();
        if (query["tag"].Count > MaxTagFilters)
        {
            errors.Add("tag", $"at most {MaxTagFilters} tag filters in one query (got {query["tag"].Count}): narrow by fewer tags, or by run_id, status or time");
            return new JobFilter();
        }

        foreach (var tag in query["tag"])
        {
            var separator = tag?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            if (separator <= 0) errors.Add("tag", "must be key:value");
            else tags.Add(new(tag![..separator], tag[(separator + 1)..]));
        }

        JobSource? source = null;
        var sourceText = query["source"].ToString();
        if (sourceText.Length > 0)
        {
            if (sourceText.Equals("live", StringComparison.OrdinalIgnoreCase)) source = JobSource.Live;
            else if (sourceText.Equals("run", StringComparison.OrdinalIgnoreCase)) source = JobSource.Run;
            else errors.Add("source", "must be live (jobs submitted one by one) or run (jobs of dataset runs)");
        }

        var text = query["q"].ToString();
        var run = query["run_id"].ToString();
        if (run.Length > 128) errors.Add("run_id", "is at most 128 characters");
        return new JobFilter
        {
            RunId = run.Length is > 0 and <= 128 ? run : null,
            Source = source,
            Status = status,
            Text = text.Length > 0 ? text : null,
            Metric = metric.Length > 0 ? metric : null,
            MinScore = ReadScore(query, "min_score", errors),
            MaxScore = ReadScore(query, "max_score", errors),
            Since = ReadTime(query, "since", errors, endOfDay: false),
            Until = ReadTime(query, "until", errors, endOfDay: true),
            Tags = tags,
        };
    }

    private static double? ReadScore(IQueryCollection query, string name, RequestErrors errors)
    {
        var text = query[name].ToString();
        if (text.Length == 0) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1) return value;
        errors.Add(name, "must be a number from 0 to 1");
        return null;
    }

    private static DateTimeOffset? ReadTime(IQueryCollection query, string name, RequestErrors errors, bool endOfDay)
    {
        var text = query[name].ToString();
        if (text.Length == 0) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            // A date means the whole UTC day: until=2026-11-21 includes that day.
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(endOfDay ? 1 : 0);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time.ToUniversalTime();
        errors.Add(name, "must be a date (2026-11-21) or an ISO 8601 time");
        return null;
    }
}
