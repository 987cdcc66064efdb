using Microsoft.AspNetCore.Http;

namespace ScoreJobs.Http;

public sealed class ApiTokenAuthorizationTests
{
    private const string Token = "s3cret-token";

    private static HttpRequest CreateRequest(string? authorization)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null) context.Request.Headers.Authorization = authorization;
        return context.Request;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Challenge_NoTokenConfigured_LetsEveryRequestThrough(string? configured) =>
        Assert.Null(ApiTokenAuthorization.Challenge(CreateRequest(null), configured));

    [Theory]
    [InlineData("Bearer s3cret-token")]
    [InlineData("bearer  s3cret-token ")]
    public void Challenge_RightToken_LetsTheRequestThrough(string header) =>
        Assert.Null(ApiTokenAuthorization.Challenge(CreateRequest(header), Token));

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong")]
    [InlineData("Basic czNjcmV0LXRva2Vu")]
    [InlineData("s3cret-token")]
    public void Challenge_MissingOrWrongToken_UnauthorizedProblemWithBearerChallenge(string? header)
    {
        var request = CreateRequest(header);

        var problem = ApiTokenAuthorization.Challenge(request, Token);

        Assert.NotNull(problem);
        Assert.Equal(StatusCodes.Status401Unauthorized, problem.StatusCode);
        Assert.Equal(ProblemTypes.Unauthorized, problem.ProblemDetails.Type);
        Assert.Equal("Bearer", request.HttpContext.Response.Headers.WWWAuthenticate.ToString());
    }
}
