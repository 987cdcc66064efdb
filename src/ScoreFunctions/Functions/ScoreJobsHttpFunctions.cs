using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using ScoreJobs.Http;
using ScoreJobs.Index;
using ScoreJobs.Jobs;
using ScoreJobs.Records;
using ScoreJobs.Scoring;

namespace ScoreFunctions.Functions;

/// <summary>
/// The contract's routes (under the <c>api</c> prefix of host.json), each a call into the handlers the server
/// uses, returning their typed results as they are: the ASP.NET Core integration executes an <see cref="IResult"/>.
/// Function keys guard everything but the two health routes.
/// </summary>
public sealed class ScoreJobsHttpFunctions(ScoreJobsHandlers api)
{
    internal const string HealthFunction = nameof(Health);
    internal const string ReadyFunction = nameof(Ready);

    [Function(nameof(SubmitScoreJob))]
    public Task<Results<JsonHttpResult<SubmitResponse>, JsonHttpResult<NotSampledResponse>, ValidationProblem, ProblemHttpResult>> SubmitScoreJob(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "score/async")] HttpRequest request, CancellationToken cancellationToken) =>
        api.SubmitAsync(request, cancellationToken);

    [Function(nameof(ScoreNow))]
    public Task<Results<JsonHttpResult<ScoreOutcome>, ValidationProblem, ProblemHttpResult>> ScoreNow(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "score")] HttpRequest request, CancellationToken cancellationToken) =>
        api.ScoreNowAsync(request, cancellationToken);

    [Function(nameof(ListScoreJobs))]
    public Task<Results<JsonHttpResult<JobListResponse>, ValidationProblem>> ListScoreJobs(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "score/jobs")] HttpRequest request, CancellationToken cancellationToken) =>
        api.ListAsync(request, cancellationToken);

    [Function(nameof(GetScoreJob))]
    public Task<Results<JsonHttpResult<JobRecord>, ValidationProblem, ProblemHttpResult>> GetScoreJob(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "score/jobs/{jobId}")] HttpRequest request, string jobId, CancellationToken cancellationToken) =>
        api.GetAsync(jobId, cancellationToken);

    [Function(nameof(DeleteScoreJob))]
    public Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteScoreJob(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "score/jobs/{jobId}")] HttpRequest request, string jobId, CancellationToken cancellationToken) =>
        api.DeleteAsync(jobId, cancellationToken);

    [Function(nameof(ScoreJobStats))]
    public Task<Results<JsonHttpResult<JobStats>, ValidationProblem>> ScoreJobStats(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "score/stats")] HttpRequest request, CancellationToken cancellationToken) =>
        api.StatsAsync(request, cancellationToken);

    [Function(nameof(ListMetrics))]
    public JsonHttpResult<MetricCatalogResponse> ListMetrics(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "score/metrics")] HttpRequest request) =>
        api.Metrics();

    [Function(nameof(Health))]
    public Task<JsonHttpResult<HealthResponse>> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken cancellationToken) =>
        api.HealthAsync(request, detailsWithoutToken: false, cancellationToken);

    [Function(nameof(Ready))]
    public Task<JsonHttpResult<ReadinessResponse>> Ready(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/ready")] HttpRequest request, CancellationToken cancellationToken) =>
        api.ReadyAsync(cancellationToken);
}
