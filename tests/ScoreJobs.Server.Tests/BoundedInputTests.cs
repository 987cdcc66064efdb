using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Server;

/// <summary>Issue 26's bounds: tag filters, control characters, the models a caller may pick, and Idempotency-Keys that end.</summary>
public sealed class BoundedInputTests
{
    private const string Offline = """{"question":"q","answer":"a b c","ground_truth":"a b d","metrics":["token_f1"]}""";

    [Theory]
    [InlineData("/api/score/jobs", 16, HttpStatusCode.OK)]
    [InlineData("/api/score/jobs", 17, HttpStatusCode.BadRequest)]
    [InlineData("/api/score/jobs", 64, HttpStatusCode.BadRequest)]
    [InlineData("/api/score/stats", 64, HttpStatusCode.BadRequest)]
    public async Task List_ManyTagFilters_AtMost16(string route, int tags, HttpStatusCode expected)
    {
        using var server = new ServerFactory();
        var query = string.Join("&", Enumerable.Range(0, tags).Select(i => $"tag=k{i}:v{i}"));

        using var response = await server.CreateClient().GetAsync($"{route}?{query}");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Contains("at most 16 tag filters", (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("tag")[0].GetString());
        }
    }

    [Theory]
    [InlineData("/api/score/async", "application/json", """{"question":"q","answer":"a","ground_truth":"a","metrics":["token_f1"],"metadata":{"app":"\u001b[2J"}}""", "metadata")]
    [InlineData("/api/score/async", "application/json", """{"question":"q","answer":"a","ground_truth":"a","metrics":["token_f1"],"metadata":{"a\npp":"x"}}""", "metadata")]
    [InlineData("/api/score/runs", "application/json", """{"name":"nightly\u0007","samples":[{"question":"q","answer":"a","ground_truth":"a"}],"metrics":["token_f1"]}""", "name")]
    [InlineData("/api/score/runs?name=a%1Bb&metrics=token_f1", "application/x-ndjson", """{"question":"q","answer":"a","ground_truth":"a"}""", "name")]
    [InlineData("/api/score/runs", "application/json", """{"samples":[{"id":"::error::x\u001b","question":"q","answer":"a","ground_truth":"a"}],"metrics":["token_f1"]}""", "id")]
    [InlineData("/api/score/runs?metrics=token_f1", "text/csv", "id,question,answer,ground_truth,metadata.app\n1,q,a,a,\"x\u001by\"\n", "metadata")]
    public async Task Submit_ControlCharacters_400NamingTheFieldAndNothingStored(string route, string contentType, string body, string field)
    {
        using var server = new ServerFactory();

        using var response = await server.CreateClient().PostAsync(route, new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        var said = errors.EnumerateObject().Where(e => e.Name.EndsWith(field, StringComparison.Ordinal)).SelectMany(e => e.Value.EnumerateArray()).Select(m => m.GetString()).ToList();
        Assert.Contains(said, m => m!.Contains("control characters", StringComparison.Ordinal));
        Assert.Empty(server.RecordFiles());
    }

    [Theory]
    [InlineData(null, "judge_model", "gpt-5-pro", HttpStatusCode.BadRequest)]
    [InlineData(null, "embedding_model", "text-embedding-3-large", HttpStatusCode.BadRequest)]
    [InlineData(null, "judge_model", "judge-model", HttpStatusCode.Accepted)]
    [InlineData("gpt-4o-mini, gpt-4.1", "judge_model", "gpt-4.1", HttpStatusCode.Accepted)]
    [InlineData("gpt-4o-mini", "judge_model", "gpt-5-pro", HttpStatusCode.BadRequest)]
    public async Task Submit_CallerChosenModel_OnlyConfiguredOrAllowedOnes(string? allowed, string field, string model, HttpStatusCode expected)
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = new ServerFactory(new()
        {
            ["ScoreJobs:Judge:Endpoint"] = judge.Endpoint().ToString(),
            ["ScoreJobs:Judge:Model"] = "judge-model",
            ["ScoreJobs:Judge:ApiKey"] = "sk-bounded-tests",
            ["ScoreJobs:Judge:AllowedModels"] = allowed,
        });
        var client = server.CreateClient();
        var job = $$"""{"question":"q","answer":"a b","ground_truth":"a b","metrics":["token_f1"],"{{field}}":"{{model}}"}""";
        var run = $$"""{"samples":[{"question":"q","answer":"a b","ground_truth":"a b"}],"metrics":["token_f1"],"{{field}}":"{{model}}"}""";

        using var jobResponse = await client.PostAsync("/api/score/async", HttpJson.Body(job));
        using var runResponse = await client.PostAsync("/api/score/runs", HttpJson.Body(run));

        Assert.Equal(expected, jobResponse.StatusCode);
        Assert.Equal(expected, runResponse.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            var message = (await jobResponse.ReadJsonAsync()).GetProperty("errors").GetProperty(field)[0].GetString()!;
            Assert.Contains("judge-model", message, StringComparison.Ordinal);
            Assert.Contains("ScoreJobs__Judge__AllowedModels", message, StringComparison.Ordinal);
            Assert.Contains(field, (await runResponse.ReadJsonAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        }
    }

    [Fact]
    public async Task Submit_SameKeyAfterIdempotencyDays_NewJob()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var server = new ServerFactory(new() { ["ScoreJobs:IdempotencyDays"] = "7" }, s => s.AddSingleton<TimeProvider>(clock));
        var client = server.CreateClient();

        var first = await SubmitAsync(client, "dify-node-1");
        clock.Advance(TimeSpan.FromDays(6));
        var withinDays = await SubmitAsync(client, "dify-node-1");
        clock.Advance(TimeSpan.FromDays(2));
        var afterDays = await SubmitAsync(client, "dify-node-1");

        Assert.Equal(first.JobId, withinDays.JobId);
        Assert.True(withinDays.Replayed);
        Assert.NotEqual(first.JobId, afterDays.JobId);
        Assert.False(afterDays.Replayed);
    }

    [Fact]
    public async Task Submit_SameKeyAfterItsRecordWasDeleted_NewJob()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var server = new ServerFactory(services: s => s.AddSingleton<TimeProvider>(clock));
        var client = server.CreateClient();
        var first = await SubmitAsync(client, "dify-node-2");
        await client.WaitForJobAsync(first.JobId);
        File.Delete(Path.Combine(server.JobsDirectory, first.JobId + ".json"));
        clock.Advance(TimeSpan.FromMinutes(10));

        var again = await SubmitAsync(client, "dify-node-2");

        Assert.NotEqual(first.JobId, again.JobId);
        Assert.False(again.Replayed);
        Assert.Equal("completed", (await client.WaitForJobAsync(again.JobId)).GetProperty("status").GetString());
    }

    private static async Task<(string JobId, bool Replayed)> SubmitAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/score/async") { Content = HttpJson.Body(Offline) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.ReadJsonAsync();
        return (body.GetProperty("job_id").GetString()!, response.Headers.Contains("Idempotent-Replayed"));
    }
}
