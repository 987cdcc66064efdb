using System.Net;

namespace ScoreJobs.Server;

/// <summary>CORS opened to the origins ScoreJobs__Cors__AllowedOrigins names, and to no other.</summary>
public sealed class CorsTests
{
    [Theory]
    [InlineData("ScoreJobs:Cors:AllowedOrigins")]
    [InlineData("ScoreJobs:CorsOrigins")]
    public async Task Preflight_NamedOrigin_AllowedAndOthersNot(string setting)
    {
        using var server = new ServerFactory(new() { [setting] = "https://records.example, http://localhost:8080" });
        var client = server.CreateClient();

        var named = await client.SendAsync(Preflight("https://records.example"));
        var other = await client.SendAsync(Preflight("https://evil.example"));

        Assert.Equal("https://records.example", named.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Get_AnyOriginWithAToken_AllowedEverywhere()
    {
        using var server = new ServerFactory(new() { ["ScoreJobs:Cors:AllowedOrigins"] = "*", ["ScoreJobs:ApiToken"] = "t0ken" });
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        get.Headers.Add("Origin", "https://anywhere.example");

        var response = await server.CreateClient().SendAsync(get);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/score/jobs");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        return preflight;
    }
}
