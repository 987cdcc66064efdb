using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ScoreJobs.Requests;

namespace ScoreJobs.Http;

/// <summary>RFC 7807 problem responses with stable types and titles; never a stack trace or a secret.</summary>
internal static class Problems
{
    public static ValidationProblem Validation(RequestErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), detail: "See 'errors' for what to fix in each field.",
            title: "The request is not valid.", type: ProblemTypes.Validation);

    public static ValidationProblem Validation(string field, string message)
    {
        var errors = new RequestErrors();
        errors.Add(field, message);
        return Validation(errors);
    }

    /// <summary>A 400 for a job id that is not one of ours, or null when it is.</summary>
    public static ValidationProblem? InvalidJobId(string jobId) =>
        Records.JobId.IsValid(jobId)
            ? null
            : Validation("job_id", $"is not a job id: ids are the {Records.JobId.Length}-character values POST /api/score/async returns");

    public static ProblemHttpResult PayloadTooLarge(int maxBytes) =>
        Problem(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "The request body is too large.",
            $"The body must be at most {maxBytes} bytes.");

    public static ProblemHttpResult NotFound(string jobId) =>
        Problem(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "There is no such job.",
            $"No job has the id '{jobId}'.");

    public static ProblemHttpResult JobOfRun(string jobId, string runId) =>
        Problem(StatusCodes.Status409Conflict, ProblemTypes.JobOfRun, "The job belongs to a dataset run.",
            $"Job '{jobId}' is a sample of run '{runId}', whose aggregates count it: delete the run (DELETE /api/score/runs/{runId}) to delete its jobs.");

    public static ProblemHttpResult RunNotFound(string runId) =>
        Problem(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "There is no such run.",
            $"No run has the id '{runId}'.");

    public static ProblemHttpResult Unauthorized() =>
        Problem(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Authentication is required.",
            "Send 'Authorization: Bearer <token>' with the API token this service was configured with.");

    public static ProblemHttpResult IdempotencyConflict() =>
        Problem(StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyConflict, "The Idempotency-Key was used with another request.",
            "Send a new Idempotency-Key for a different request body.");

    public static ProblemHttpResult Unavailable(string detail) =>
        Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "The service cannot take this request now.", detail);

    private static ProblemHttpResult Problem(int status, string type, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type);
}
