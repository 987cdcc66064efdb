using System.Net;
using System.Text.Json;

namespace ScoreJobs.Server;

public sealed class ScoreJobsEndpointsTests : IClassFixture<ScoreJobsEndpointsTests.Fixture>
{
    private const string OfflineRequest = """
        {"question":"什么是检索增强生成？","answer":"检索增强生成是一种结合检索和生成的方法","contexts":["检索增强生成结合了检索和生成"],
         "ground_truth":"检索增强生成是一种结合检索与生成的方法","metrics":["token_f1","rouge_l","exact_match"],"metadata":{"app":"dify-demo"}}
        """;

    private readonly HttpClient _client;
    private readonly ServerFactory _server;

    public ScoreJobsEndpointsTests(Fixture fixture)
    {
        _server = fixture.Server;
        _client = fixture.Server.CreateClient();
    }

    [Fact]
    public async Task Health_NoAuth_SaysHowItIsWired()
    {
        var response = await _client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.ReadJsonAsync();
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("local-folder", health.GetProperty("storage").GetString());
        Assert.Equal("in-process", health.GetProperty("queue").GetString());
        Assert.False(health.GetProperty("judge").GetProperty("configured").GetBoolean());
    }

    [Fact]
    public async Task Submit_Offline_Returns202AtOnceAndCompletesWithScores()
    {
        var response = await _client.PostAsync("/api/score/async", HttpJson.Body(OfflineRequest));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var jobId = body.GetProperty("job_id").GetString()!;
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.Equal($"/api/score/jobs/{jobId}", response.Headers.Location!.OriginalString);
        Assert.NotNull(response.Headers.RetryAfter);

        var job = await _client.WaitForJobAsync(jobId);
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.InRange(job.GetProperty("scores").GetProperty("token_f1").GetDouble(), 0.5, 1);
        Assert.Equal(0, job.GetProperty("scores").GetProperty("exact_match").GetDouble());
        Assert.Equal(JsonValueKind.Number, job.GetProperty("weighted_score").ValueKind);
        Assert.Equal("dify-demo", job.GetProperty("request_summary").GetProperty("metadata").GetProperty("app").GetString());
        Assert.Equal("ok", job.GetProperty("details").GetProperty("rouge_l").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("error").ValueKind);
        Assert.True(File.Exists(Path.Combine(_server.JobsDirectory, jobId + ".json")));
    }

    [Fact]
    public async Task Submit_NoMetricHasItsInputs_Is400SayingWhatIsMissing()
    {
        var response = await _client.PostAsync("/api/score/async", HttpJson.Body("""
            {"question":"q","answer":"a b c","contexts":"a b","metrics":["token_f1","context_coverage"],"ground_truth":null}
            """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Contains("needs ground_truth", problem.GetProperty("errors").GetProperty("metrics")[0].GetString());
    }

    [Fact]
    public async Task Submit_SomeMetricsLackInputs_SkipsThemAsNullNotZero()
    {
        var response = await _client.PostAsync("/api/score/async", HttpJson.Body("""
            {"question":"q","answer":"a b c","ground_truth":"a b d","metrics":["token_f1","context_coverage"]}
            """));
        var job = await _client.WaitForJobAsync((await response.ReadJsonAsync()).GetProperty("job_id").GetString()!);

        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("scores").GetProperty("context_coverage").ValueKind);
        Assert.Equal(["context_coverage"], job.GetProperty("skipped_metrics").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("skipped", job.GetProperty("details").GetProperty("context_coverage").GetProperty("status").GetString());
        Assert.Equal(job.GetProperty("scores").GetProperty("token_f1").GetDouble(), job.GetProperty("weighted_score").GetDouble());
    }

    [Fact]
    public async Task List_NewestFirstWithCursorAndStatusFilter()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var response = await _client.PostAsync("/api/score/async", HttpJson.Body(OfflineRequest.Replace("dify-demo", "list-test")));
            ids.Add((await response.ReadJsonAsync()).GetProperty("job_id").GetString()!);
            await Task.Delay(3);
        }

        foreach (var id in ids) await _client.WaitForJobAsync(id);

        var first = await (await _client.GetAsync("/api/score/jobs?limit=2&tag=app:list-test")).ReadJsonAsync();
        var cursor = first.GetProperty("next_cursor").GetString();
        var second = await (await _client.GetAsync($"/api/score/jobs?limit=2&tag=app:list-test&cursor={cursor}")).ReadJsonAsync();
        var completed = await (await _client.GetAsync("/api/score/jobs?status=completed&tag=app:list-test")).ReadJsonAsync();

        ids.Reverse();
        var listed = first.GetProperty("jobs").EnumerateArray().Concat(second.GetProperty("jobs").EnumerateArray()).Select(j => j.GetProperty("job_id").GetString());
        Assert.Equal(ids, listed);
        Assert.False(first.GetProperty("jobs")[0].TryGetProperty("request", out _));
        Assert.Equal(3, completed.GetProperty("jobs").GetArrayLength());
    }

    [Fact]
    public async Task ScoreNow_ReturnsScoresSynchronously()
    {
        var response = await _client.PostAsync("/api/score", HttpJson.Body(OfflineRequest));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcome = await response.ReadJsonAsync();
        Assert.Equal(3, outcome.GetProperty("scores").EnumerateObject().Count());
        Assert.True(outcome.TryGetProperty("latency_ms", out _));
        Assert.Equal(0, outcome.GetProperty("skipped_metrics").GetArrayLength());
    }

    [Fact]
    public async Task Metrics_ListsCatalogWithAvailability()
    {
        var catalog = await (await _client.GetAsync("/api/score/metrics")).ReadJsonAsync();

        var metrics = catalog.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.False(metrics["faithfulness"].GetProperty("available").GetBoolean());
        Assert.True(metrics["faithfulness"].GetProperty("needs_judge").GetBoolean());
        Assert.True(metrics["token_f1"].GetProperty("available").GetBoolean());
        Assert.Equal(["answer", "ground_truth"], metrics["token_f1"].GetProperty("needs").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task Stats_CountsCompletedJobs()
    {
        var response = await _client.PostAsync("/api/score/async", HttpJson.Body(OfflineRequest.Replace("dify-demo", "stats-test")));
        await _client.WaitForJobAsync((await response.ReadJsonAsync()).GetProperty("job_id").GetString()!);

        var stats = await (await _client.GetAsync("/api/score/stats?tag=app:stats-test")).ReadJsonAsync();

        Assert.Equal(1, stats.GetProperty("total").GetInt64());
        Assert.Equal(1, stats.GetProperty("by_status").GetProperty("completed").GetInt64());
        Assert.Equal(10, stats.GetProperty("histogram").GetArrayLength());
    }

    [Fact]
    public async Task Submit_SameIdempotencyKeyTwice_ReturnsSameJob()
    {
        var key = Guid.NewGuid().ToString();
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/score/async") { Content = HttpJson.Body(OfflineRequest), Headers = { { "Idempotency-Key", key } } };
        using var second = new HttpRequestMessage(HttpMethod.Post, "/api/score/async") { Content = HttpJson.Body(OfflineRequest), Headers = { { "Idempotency-Key", key } } };
        using var other = new HttpRequestMessage(HttpMethod.Post, "/api/score/async") { Content = HttpJson.Body(OfflineRequest.Replace("dify-demo", "x")), Headers = { { "Idempotency-Key", key } } };

        var a = await _client.SendAsync(first);
        var b = await _client.SendAsync(second);
        var c = await _client.SendAsync(other);

        Assert.Equal((await a.ReadJsonAsync()).GetProperty("job_id").GetString(), (await b.ReadJsonAsync()).GetProperty("job_id").GetString());
        Assert.Equal("true", b.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, c.StatusCode);
    }

    [Fact]
    public async Task Cors_NoOriginsConfigured_AllowsNoOtherOrigin()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/score/jobs");
        preflight.Headers.Add("Origin", "https://records.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/score/jobs");
        get.Headers.Add("Origin", "https://evil.example");

        var preflighted = await _client.SendAsync(preflight);
        var read = await _client.SendAsync(get);

        Assert.False(preflighted.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.False(read.Headers.Contains("Access-Control-Allow-Origin"));
    }

    public sealed class Fixture : IDisposable
    {
        public ServerFactory Server { get; } = new();

        public void Dispose() => Server.Dispose();
    }
}
