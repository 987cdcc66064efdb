using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using ScoreJobs.Http;
using ScoreJobs.Runs;

namespace ScoreFunctions.Functions;

/// <summary>
/// The dataset-run routes, each a call into the handlers the server uses. The runs' jobs run on the runs lane's queue
/// trigger (<see cref="QueueFunctions.ProcessRunQueue"/>); no orchestration is needed (see docs/runs.md, "Durable Task, decided against").
/// </summary>
public sealed class ScoreRunsHttpFunctions(RunHandlers runs)
{
    [Function(nameof(SubmitScoreRun))]
    public Task<Results<JsonHttpResult<SubmitRunResponse>, JsonHttpResult<RunEstimateResponse>, ValidationProblem, ProblemHttpResult>> SubmitScoreRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "score/runs")] HttpRequest request, CancellationToken cancellationToken) =>
        runs.SubmitAsync(request, cancellationToken);

    [Function(nameof(ListScoreRuns))]
    public Task<Results<JsonHttpResult<RunListResponse>, ValidationProblem>> ListScoreRuns(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "score/runs")] HttpRequest request, CancellationToken cancellationToken) =>
        runs.ListAsync(request, cancellationToken);

    [Function(nameof(GetScoreRun))]
    public Task<Results<JsonHttpResult<RunRecord>, ValidationProblem, ProblemHttpResult>> GetScoreRun(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "score/runs/{runId}")] HttpRequest request, string runId, CancellationToken cancellationToken) =>
        runs.GetAsync(runId, cancellationToken);

    [Function(nameof(DeleteScoreRun))]
    public Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> DeleteScoreRun(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "score/runs/{runId}")] HttpRequest request, string runId, CancellationToken cancellationToken) =>
        runs.DeleteAsync(runId, cancellationToken);

    [Function(nameof(CancelScoreRun))]
    public Task<Results<JsonHttpResult<RunRecord>, ValidationProblem, ProblemHttpResult>> CancelScoreRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "score/runs/{runId}/cancel")] HttpRequest request, string runId, CancellationToken cancellationToken) =>
        runs.CancelAsync(runId, cancellationToken);

    [Function(nameof(RetryScoreRun))]
    public Task<Results<JsonHttpResult<RunRecord>, ValidationProblem, ProblemHttpResult>> RetryScoreRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "score/runs/{runId}/retry")] HttpRequest request, string runId, CancellationToken cancellationToken) =>
        runs.RetryAsync(runId, cancellationToken);

    [Function(nameof(CompareScoreRuns))]
    public Task<Results<JsonHttpResult<RunComparison>, ValidationProblem, ProblemHttpResult>> CompareScoreRuns(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "score/runs/{baseRunId}/compare/{headRunId}")] HttpRequest request,
        string baseRunId, string headRunId, CancellationToken cancellationToken) =>
        runs.CompareAsync(request, baseRunId, headRunId, cancellationToken);
}
