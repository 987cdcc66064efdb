using System.Net;
using System.Text.Json;
using ScoreJobs.Testing;

namespace ScoreJobs.Server;

/// <summary>GET /api/health/ready on the real server: the embedded default, and Azure Storage (Azurite) going away.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_EmbeddedDefault_200EveryCheckOkAndNoJudgeIsFine()
    {
        using var server = new ServerFactory();
        var client = server.CreateClient();

        using var response = await client.GetAsync("/api/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ready = await response.ReadJsonAsync();
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks");
        Assert.Equal("ok", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("local-folder", checks.GetProperty("storage").GetProperty("kind").GetString());
        Assert.Equal("ok", checks.GetProperty("queue").GetProperty("status").GetString());
        Assert.Equal("not_configured", checks.GetProperty("judge").GetProperty("status").GetString());
        Assert.Equal("ok", checks.GetProperty("listeners").GetProperty("status").GetString());
        Assert.False(ready.TryGetProperty("type", out _));
    }

    [Fact]
    public async Task Ready_RecordsFolderGone_503NamingStorage()
    {
        using var server = new ServerFactory();
        var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health/ready")).StatusCode);
        Directory.Delete(server.JobsDirectory, recursive: true);

        using var response = await client.GetAsync("/api/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("failed", body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("queue").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_JudgeEndpointNotListening_503NamingTheJudgeWithoutTheKey()
    {
        var port = LoopbackPorts.Free(1)[0];
        using var server = new ServerFactory(new Dictionary<string, string?>
        {
            ["ScoreJobs:Judge:Endpoint"] = $"http://127.0.0.1:{port}/v1",
            ["ScoreJobs:Judge:Model"] = "m",
            ["ScoreJobs:Judge:ApiKey"] = "sk-ready-secret",
        });

        using var response = await server.CreateClient().GetAsync("/api/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("sk-ready-secret", text, StringComparison.Ordinal);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("failed", body.GetProperty("checks").GetProperty("judge").GetProperty("status").GetString());
        Assert.StartsWith("judge:", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Ready_AzuriteStopped_503ProblemNamingStorageAndQueueWithinSeconds()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var name = "ready-" + Guid.NewGuid().ToString("N")[..12];
        using var server = new ServerFactory(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["ScoreJobs:Container"] = name,
            ["ScoreJobs:Queue"] = name,
        });
        var client = server.CreateClient();
        using (var ready = await client.GetAsync("/api/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        await azurite.StopAsync();
        var started = DateTime.UtcNow;
        using var response = await client.GetAsync("/api/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "readiness must answer within its bound");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("AccountKey", text, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteProcess.AccountKey, text, StringComparison.Ordinal);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("not_ready", body.GetProperty("status").GetString());
        Assert.Equal("urn:scorejobs:problem:not-ready", body.GetProperty("type").GetString());
        Assert.Equal("failed", body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("failed", body.GetProperty("checks").GetProperty("queue").GetProperty("status").GetString());
        Assert.Contains("storage:", body.GetProperty("detail").GetString());
        Assert.Contains("queue:", body.GetProperty("detail").GetString());
    }
}
