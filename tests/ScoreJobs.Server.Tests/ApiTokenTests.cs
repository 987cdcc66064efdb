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
    public async Task Health_WithoutTheToken_LivenessOnly()
    {
        var response = await _server.CreateClient().GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.ReadJsonAsync();
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("auth_required").GetBoolean());
        Assert.Equal(["status", "version", "auth_required"], health.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain(_server.JobsDirectory, health.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData(null)]
    public async Task Health_WithAWrongToken_LivenessOnly(string? token)
    {
        var client = _server.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var health = await (await client.GetAsync("/api/health")).ReadJsonAsync();

        Assert.False(health.TryGetProperty("storage", out _));
        Assert.False(health.TryGetProperty("location", out _));
        Assert.False(health.TryGetProperty("judge", out _));
    }

    [Fact]
    public async Task Health_WithTheToken_SaysHowItIsWired()
    {
        var client = _server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-token");

        var health = await (await client.GetAsync("/api/health")).ReadJsonAsync();

        Assert.Equal("local-folder", health.GetProperty("storage").GetString());
        Assert.Equal("in-process", health.GetProperty("queue").GetString());
        Assert.False(health.GetProperty("judge").GetProperty("configured").GetBoolean());
        Assert.DoesNotContain("s3cret", health.ToString());
    }

    public void Dispose() => _server.Dispose();
}
