using Microsoft.Extensions.Options;
using ScoreJobs.Hosting;
using ScoreJobs.Http;
using ScoreJobs.Index;
using ScoreJobs.Records;
using ScoreJobs.Requests;
using ScoreJobs.Runs;
using ScoreJobs.Scoring;
using ScoreJobs.Statistics;
using ScoreJobs.Server.OpenApi;

namespace ScoreJobs.Server;

/// <summary>
/// The contract's routes, each a one-line call into the shared handlers. The handlers read the request by hand
/// (aliases, form bodies, CSV), so each route declares what it accepts and answers for the OpenAPI document;
/// the names are the Functions app's function names, so both hosts' operations have the same ids.
/// </summary>
public static class ScoreJobsEndpoints
{
    public static IEndpointRouteBuilder MapScoreJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireCors(ServerServiceCollectionExtensions.CorsPolicy);
        api.MapGet("/health", (HttpRequest request, ScoreJobsHandlers handlers, CancellationToken cancellationToken) =>
            handlers.HealthAsync(request, detailsWithoutToken: true, cancellationToken))
            .Describe("Health", "Liveness, and the wiring for a caller the API token admits · 健康检查", ApiTags.Service)
            .Produces<HealthResponse>();
        api.MapGet("/health/ready", (ScoreJobsHandlers handlers, CancellationToken ct) => handlers.ReadyAsync(ct))
            .Describe("Ready", "Readiness of storage, queue and judge · 就绪检查", ApiTags.Service)
            .Produces<ReadinessResponse>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var score = api.MapGroup("/score").AddEndpointFilter(RequireApiToken).WithMetadata(new ApiTokenRequired());
        score.MapPost("/async", (HttpRequest request, ScoreJobsHandlers handlers, CancellationToken ct) => handlers.SubmitAsync(request, ct))
            .Describe("SubmitScoreJob", "Submit a score job · 提交异步评分任务", ApiTags.Jobs)
            .AcceptsScoreRequest()
            .WithMetadata(new AcceptsIdempotencyKey(), new PacesWorker())
            .Produces<SubmitResponse>(StatusCodes.Status202Accepted)
            .Produces<NotSampledResponse>(StatusCodes.Status200OK)
            .ProducesSubmitProblems();
        score.MapPost("/", (HttpRequest request, ScoreJobsHandlers handlers, CancellationToken ct) => handlers.ScoreNowAsync(request, ct))
            .Describe("ScoreNow", "Score now, synchronously · 同步评分", ApiTags.Jobs)
            .AcceptsScoreRequest()
            .Produces<ScoreOutcome>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesAuthProblem();
        score.MapGet("/jobs", (HttpRequest request, ScoreJobsHandlers handlers, CancellationToken ct) => handlers.ListAsync(request, ct))
            .Describe("ListScoreJobs", "List score jobs, newest first · 评分任务列表", ApiTags.Jobs)
            .WithQuery(RouteQuery.List)
            .Produces<JobListResponse>()
            .ProducesValidationProblem()
            .ProducesAuthProblem();
        score.MapGet("/jobs/{job_id}", (string job_id, ScoreJobsHandlers handlers, CancellationToken ct) => handlers.GetAsync(job_id, ct))
            .Describe("GetScoreJob", "Get a score job's record · 查询评分任务", ApiTags.Jobs)
            .Produces<JobRecord>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesAuthProblem();
        score.MapDelete("/jobs/{job_id}", (string job_id, ScoreJobsHandlers handlers, CancellationToken ct) => handlers.DeleteAsync(job_id, ct))
            .Describe("DeleteScoreJob", "Delete a score job and its labels · 删除评分任务", ApiTags.Jobs)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesAuthProblem();
        score.MapPut("/jobs/{job_id}/labels/{rater}", (HttpRequest request, string job_id, string rater, LabelHandlers handlers, CancellationToken ct) =>
                handlers.PutAsync(request, job_id, rater, ct))
            .Describe("PutScoreJobLabel", "Label a score job as a person · 人工标注评分任务", ApiTags.Jobs)
            .WithMetadata(new JsonBody(typeof(LabelBody)))
            .Produces<LabelsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesAuthProblem();
        score.MapDelete("/jobs/{job_id}/labels/{rater}", (string job_id, string rater, LabelHandlers handlers, CancellationToken ct) =>
                handlers.DeleteAsync(job_id, rater, ct))
            .Describe("DeleteScoreJobLabel", "Remove a person's label · 删除人工标注", ApiTags.Jobs)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesAuthProblem();
        score.MapGet("/agreement", (HttpRequest request, AgreementHandlers handlers, CancellationToken ct) => handlers.GetAsync(request, ct))
            .Describe("ScoreAgreement", "How far the judge agrees with people · 评审与人工标注的一致性", ApiTags.Jobs)
            .WithQuery(RouteQuery.Agreement)
            .Produces<AgreementReport>()
            .ProducesValidationProblem()
            .ProducesAuthProblem();
        score.MapGet("/stats", (HttpRequest request, ScoreJobsHandlers handlers, CancellationToken ct) => handlers.StatsAsync(request, ct))
            .Describe("ScoreJobStats", "Statistics over score jobs · 评分统计", ApiTags.Jobs)
            .WithQuery(RouteQuery.Filter)
            .Produces<JobStats>()
            .ProducesValidationProblem()
            .ProducesAuthProblem();
        score.MapGet("/metrics", (ScoreJobsHandlers handlers) => handlers.Metrics())
            .Describe("ListMetrics", "The metric catalog · 评分指标目录", ApiTags.Jobs)
            .Produces<MetricCatalogResponse>()
            .ProducesAuthProblem();
        score.MapPost("/runs", (HttpRequest request, RunHandlers handlers, CancellationToken ct) => handlers.SubmitAsync(request, ct))
            .Describe("SubmitScoreRun", "Submit a dataset run · 提交数据集评测", ApiTags.Runs)
            .WithMetadata(new JsonBody(typeof(RunRequestBody)))
            .WithMetadata(new AcceptsText(["application/x-ndjson", "text/csv"],
                "The samples alone, one JSON object a line (JSONL) or a CSV with a header row (question, answer, contexts, ground_truth, id, " +
                "metadata.<key>; RAGAS names accepted); the run's settings go in the query."))
            .WithMetadata(new AcceptsIdempotencyKey())
            .WithQuery(RouteQuery.RunSubmit)
            .Produces<SubmitRunResponse>(StatusCodes.Status202Accepted)
            .Produces<RunEstimateResponse>(StatusCodes.Status200OK)
            .ProducesSubmitProblems();
        score.MapGet("/runs", (HttpRequest request, RunHandlers handlers, CancellationToken ct) => handlers.ListAsync(request, ct))
            .Describe("ListScoreRuns", "List dataset runs, newest first · 数据集评测列表", ApiTags.Runs)
            .WithQuery(RouteQuery.Page)
            .Produces<RunListResponse>()
            .ProducesValidationProblem()
            .ProducesAuthProblem();
        score.MapGet("/runs/{run_id}", (string run_id, RunHandlers handlers, CancellationToken ct) => handlers.GetAsync(run_id, ct))
            .Describe("GetScoreRun", "Get a dataset run: progress and aggregates · 查询数据集评测", ApiTags.Runs)
            .ProducesRun(StatusCodes.Status200OK);
        score.MapDelete("/runs/{run_id}", (string run_id, RunHandlers handlers, CancellationToken ct) => handlers.DeleteAsync(run_id, ct))
            .Describe("DeleteScoreRun", "Delete a dataset run and its jobs · 删除数据集评测", ApiTags.Runs)
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesAuthProblem();
        score.MapPost("/runs/{run_id}/cancel", (string run_id, RunHandlers handlers, CancellationToken ct) => handlers.CancelAsync(run_id, ct))
            .Describe("CancelScoreRun", "Cancel a dataset run · 取消数据集评测", ApiTags.Runs)
            .ProducesRun(StatusCodes.Status202Accepted);
        score.MapPost("/runs/{run_id}/retry", (string run_id, RunHandlers handlers, CancellationToken ct) => handlers.RetryAsync(run_id, ct))
            .Describe("RetryScoreRun", "Retry a dataset run's failed samples · 重试失败样本", ApiTags.Runs)
            .ProducesRun(StatusCodes.Status202Accepted);
        score.MapGet("/runs/{base_run_id}/compare/{head_run_id}", (HttpRequest request, string base_run_id, string head_run_id, RunHandlers handlers, CancellationToken ct) =>
            handlers.CompareAsync(request, base_run_id, head_run_id, ct))
            .Describe("CompareScoreRuns", "Compare two dataset runs · 对比两次评测", ApiTags.Runs)
            .WithQuery(RouteQuery.Compare)
            .Produces<RunComparison>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesAuthProblem();
        return app;
    }

    private static async ValueTask<object?> RequireApiToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = http.RequestServices.GetRequiredService<IOptions<ScoreJobsOptions>>().Value.ApiToken;
        return ApiTokenAuthorization.Challenge(http.Request, token) ?? await next(context);
    }
}
