using System.Net;
using System.Net.Http.Headers;

namespace ScoreJobs.Server;

public sealed class ApiTokenTests : IDisposable
{
    private readonly ServerFactory _server = new(new() { ["ScoreJobs:ApiToken"] = "s3cret-token" });

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData("s3cret-token-longer")]
    public async Task Api_WithoutTheToken_Is401Problem(string? token)
    {
        var client = _server.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/score/jobs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("urn:scorejobs:problem:unauthorized", (await response.ReadJsonAsync()).GetProperty("type").GetString());
        Assert.DoesNotContain("s3cret", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_WithTheToken_Is200()
    {
        var client = _server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-token");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/score/jobs")).StatusCode);
    }

    [Fact]
    public async Task Health_NeedsNoToken_AndSaysAuthIsRequired()
    {
        var response = await _server.CreateClient().GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.ReadJsonAsync();
        Assert.True(health.GetProperty("auth_required").GetBoolean());
        Assert.DoesNotContain("s3cret", health.ToString());
    }

    public void Dispose() => _server.Dispose();
}
