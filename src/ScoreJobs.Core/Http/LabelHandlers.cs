using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ScoreJobs.Labels;
using ScoreJobs.Requests;

namespace ScoreJobs.Http;

/// <summary>The label routes, shared by every host: <c>PUT</c> and <c>DELETE /api/score/jobs/{job_id}/labels/{rater}</c>.</summary>
public sealed class LabelHandlers(LabelService labels, IOptions<ScoreJobsOptions> options)
{
    /// <summary>PUT: sets the rater's label (the same rater again replaces it) and answers with the job's labels.</summary>
    public async Task<Results<JsonHttpResult<LabelsResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        HttpRequest http, string jobId, string rater, CancellationToken cancellationToken)
    {
        if (Problems.InvalidJobId(jobId) is { } invalid) return invalid;
        var body = await RequestBody.ReadAsync(http, options.Value.MaxRequestBytes, cancellationToken).ConfigureAwait(false);
        if (body is null) return Problems.PayloadTooLarge(options.Value.MaxRequestBytes);

        var errors = new RequestErrors();
        var (outcome, written) = await labels.PutAsync(jobId, rater, body.Value, errors, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            LabelOutcome.Invalid => Problems.Validation(errors),
            LabelOutcome.NoSuchJob => Problems.NotFound(jobId),
            _ => TypedResults.Json(new LabelsResponse(jobId, written!), HttpJsonContext.Readable.LabelsResponse),
        };
    }

    /// <summary>DELETE: removes the rater's label; 204 whether or not there was one.</summary>
    public async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(string jobId, string rater, CancellationToken cancellationToken)
    {
        if (Problems.InvalidJobId(jobId) is { } invalid) return invalid;
        if (LabelReader.RaterProblem(rater) is { } problem) return Problems.Validation("rater", problem);
        return await labels.DeleteAsync(jobId, rater, cancellationToken).ConfigureAwait(false) == LabelOutcome.NoSuchJob
            ? Problems.NotFound(jobId)
            : TypedResults.NoContent();
    }
}
