using ScoreJobs.Http;
using ScoreJobs.Requests;

namespace ScoreJobs.Server.OpenApi;

/// <summary>The OpenAPI metadata the routes share: name, summary and tag, the score request body, and the problems they answer.</summary>
internal static class EndpointDescriptions
{
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder route, string operationId, string summary, string tag) =>
        route.WithName(operationId).WithSummary(summary).WithTags(tag);

    public static RouteHandlerBuilder AcceptsScoreRequest(this RouteHandlerBuilder route) =>
        route.WithMetadata(new JsonBody(typeof(ScoreRequest)))
            .WithMetadata(new AcceptsText(["text/plain"], "The same JSON object sent as text (Dify's raw-text body); raw line breaks and tabs inside strings are read as Dify itself reads them."))
            .WithMetadata(new AcceptsForm());

    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder route, IReadOnlyList<QueryParameter> parameters) =>
        route.WithMetadata(new QueryParameters(parameters));

    public static RouteHandlerBuilder ProducesAuthProblem(this RouteHandlerBuilder route) =>
        route.ProducesProblem(StatusCodes.Status401Unauthorized);

    public static RouteHandlerBuilder ProducesSubmitProblems(this RouteHandlerBuilder route) =>
        route.ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesAuthProblem();

    public static RouteHandlerBuilder ProducesRun(this RouteHandlerBuilder route, int status) =>
        route.Produces<Runs.RunRecord>(status)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesAuthProblem();
}
