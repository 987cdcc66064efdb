using System.Net;

namespace ScoreJobs.Cli.Api;

public sealed class ApiProblemTests
{
    private static readonly ServerAddress Server = ServerAddress.Parse("https://host");

    [Fact]
    public void ToException_ValidationProblem_PrintsTitleAndEveryFieldError()
    {
        const string body = """
            {"type":"urn:scorejobs:problem:validation","title":"The run has invalid samples.","status":400,
             "errors":{"line 4.question":["is required"],"metrics":["unknown metric 'nope'","valid: exact_match, token_f1"]}}
            """;

        var error = ApiProblem.ToException(HttpStatusCode.BadRequest, "Bad Request", body, "the run", Server);

        Assert.Equal(ExitCodes.Error, error.ExitCode);
        Assert.StartsWith("The server refused the run (400 Bad Request): The run has invalid samples.", error.Message);
        Assert.Contains("\n  line 4.question: is required", error.Message);
        Assert.Contains("\n  metrics: unknown metric 'nope'", error.Message);
        Assert.Contains("\n  metrics: valid: exact_match, token_f1", error.Message);
    }

    [Fact]
    public void ToException_NestedOrSingleErrors_AreReadNotLost()
    {
        const string body = """{"title":"Invalid.","errors":{"samples":{"3":{"answer":"must be a string"}},"name":"too long"}}""";

        var error = ApiProblem.ToException(HttpStatusCode.BadRequest, "Bad Request", body, "the run", Server);

        Assert.Contains("samples.3.answer: must be a string", error.Message);
        Assert.Contains("name: too long", error.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public void ToException_RefusedKey_SaysHowToPassOne(HttpStatusCode status)
    {
        var error = ApiProblem.ToException(status, null, "", "the run", Server);

        Assert.Contains("--key", error.Message);
        Assert.Contains("SCOREJOBS_KEY", error.Message);
    }

    [Fact]
    public void ToException_PlainNotFound_AsksWhetherTheUrlIsTheSiteRoot()
    {
        var error = ApiProblem.ToException(HttpStatusCode.NotFound, "Not Found", "<html>nope</html>", "the run", Server);

        Assert.Contains("site root", error.Message);
        Assert.DoesNotContain("<html>", error.Message);
    }

    [Fact]
    public void ToException_GenericNotFoundProblem_IsAMissingRouteNotAMissingRun()
    {
        const string body = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404}""";

        var error = ApiProblem.ToException(HttpStatusCode.NotFound, "Not Found", body, "the run", Server);

        Assert.Contains("is --url the ScoreJobs site root", error.Message);
    }

    [Fact]
    public void ToException_ProblemWithDetail_KeepsTheDetail()
    {
        const string body = """{"type":"urn:scorejobs:problem:not-found","title":"Run not found.","detail":"No run has the id r_x."}""";

        var error = ApiProblem.ToException(HttpStatusCode.NotFound, "Not Found", body, "the request for run r_x", Server);

        Assert.Equal("The server refused the request for run r_x (404 Not Found): Run not found.\nNo run has the id r_x.", error.Message);
    }
}
