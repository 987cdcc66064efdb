using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using ScoreJobs.Http;

namespace ScoreFunctions.Functions;

/// <summary>People's labels on jobs: the label routes, each a call into the handlers the server uses.</summary>
public sealed class ScoreLabelsHttpFunctions(LabelHandlers labels)
{
    [Function(nameof(PutScoreJobLabel))]
    public Task<Results<JsonHttpResult<LabelsResponse>, ValidationProblem, ProblemHttpResult>> PutScoreJobLabel(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "score/jobs/{jobId}/labels/{rater}")] HttpRequest request, string jobId, string rater,
        CancellationToken cancellationToken) =>
        labels.PutAsync(request, jobId, rater, cancellationToken);

    [Function(nameof(DeleteScoreJobLabel))]
    public Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteScoreJobLabel(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "score/jobs/{jobId}/labels/{rater}")] HttpRequest request, string jobId, string rater,
        CancellationToken cancellationToken) =>
        labels.DeleteAsync(jobId, rater, cancellationToken);
}
