using System.Net;
using ScoreJobs.Testing;

namespace ScoreJobs.Server;

/// <summary>
/// Two real servers sharing one Azurite account, as two instances behind a load balancer would: records in the
/// blob container, work on the Storage queue, each job run by exactly one of them.
/// </summary>
public sealed class AzureStorageServerTests : IClassFixture<AzureStorageServerTests.AzuriteFixture>, IDisposable
{
    private const string Request = """
        {"question":"什么是检索增强生成？","answer":"检索增强生成是一种结合检索和生成的方法","contexts":["检索增强生成结合了检索和生成"],
         "ground_truth":"检索增强生成是一种结合检索与生成的方法","metrics":["token_f1","exact_match"],"metadata":{"app":"dify-demo"}}
        """;

    private readonly ServerFactory _first;
    private readonly ServerFactory _second;

    public AzureStorageServerTests(AzuriteFixture azurite)
    {
        // Each test gets its own container and queue on the class's Azurite.
        var name = "srv-" + Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.Azurite.ConnectionString,
            ["ScoreJobs:Container"] = name,
            ["ScoreJobs:Queue"] = name,
            ["ScoreJobs:RunQueue"] = name + "-runs",
            ["ScoreJobs:WorkerConcurrency"] = "4",
        };
        _first = new ServerFactory(settings);
        _second = new ServerFactory(settings);
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    public sealed class AzuriteFixture : IAsyncLifetime
    {
        private AzuriteProcess? _azurite;

        public AzuriteProcess Azurite => _azurite!;

        public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

        public async Task DisposeAsync()
        {
            if (_azurite is not null) await _azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task Submit_TwoServersOneQueue_EveryJobCompletesAndBothSeeIt()
    {
        var first = _first.CreateClient();
        var second = _second.CreateClient();
        var health = await (await second.GetAsync("/api/health")).ReadJsonAsync();
        Assert.Equal("azure-blob", health.GetProperty("storage").GetString());
        Assert.Equal("azure-storage-queue", health.GetProperty("queue").GetString());
        Assert.DoesNotContain("AccountKey", health.ToString(), StringComparison.Ordinal);

        var jobIds = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var response = await (i % 2 == 0 ? first : second).PostAsync("/api/score/async", HttpJson.Body(Request));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            jobIds.Add((await response.ReadJsonAsync()).GetProperty("job_id").GetString()!);
        }

        foreach (var jobId in jobIds)
        {
            var job = await second.WaitForJobAsync(jobId, TimeSpan.FromSeconds(60));
            Assert.Equal("completed", job.GetProperty("status").GetString());
            Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        }

        var page = await (await first.GetAsync("/api/score/jobs?limit=5")).ReadJsonAsync();
        var listed = page.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job_id").GetString()).ToList();
        Assert.Equal(jobIds.AsEnumerable().Reverse().Take(5), listed);
        Assert.All(page.GetProperty("jobs").EnumerateArray(), j => Assert.Equal("dify-demo", j.GetProperty("request_summary").GetProperty("metadata").GetProperty("app").GetString()));

        var cursor = page.GetProperty("next_cursor").GetString();
        var next = await (await second.GetAsync($"/api/score/jobs?limit=5&cursor={cursor}")).ReadJsonAsync();
        Assert.Equal(jobIds.AsEnumerable().Reverse().Skip(5).Take(5), next.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job_id").GetString()));
    }

    [Fact]
    public async Task Submit_SameIdempotencyKeyOnBothServers_OneJob()
    {
        var first = _first.CreateClient();
        var second = _second.CreateClient();

        using var a = new HttpRequestMessage(HttpMethod.Post, "/api/score/async") { Content = HttpJson.Body(Request) };
        a.Headers.Add("Idempotency-Key", "dify-run-42-node-7");
        using var b = new HttpRequestMessage(HttpMethod.Post, "/api/score/async") { Content = HttpJson.Body(Request) };
        b.Headers.Add("Idempotency-Key", "dify-run-42-node-7");

        var firstId = (await (await first.SendAsync(a)).ReadJsonAsync()).GetProperty("job_id").GetString();
        var secondId = (await (await second.SendAsync(b)).ReadJsonAsync()).GetProperty("job_id").GetString();

        Assert.Equal(firstId, secondId);
    }

    [Fact]
    public async Task Run_CsvOverAzurite_BothServersShareItsLane_EverySampleCountedOnce()
    {
        var first = _first.CreateClient();
        var second = _second.CreateClient();
        var csv = new System.Text.StringBuilder("question,answer,ground_truth\n");
        for (var i = 0; i < 40; i++) csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"q{i},{(i % 4 == 0 ? "Lyon" : "Paris")},Paris\n");

        var response = await first.PostAsync("/api/score/runs?metrics=exact_match,token_f1&threshold=exact_match:0.7", new StringContent(csv.ToString(), System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var runId = (await response.ReadJsonAsync()).GetProperty("run_id").GetString()!;

        var run = await second.WaitForRunAsync(runId, TimeSpan.FromSeconds(90));

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(40, run.GetProperty("counts").GetProperty("completed").GetInt64());
        Assert.Equal(0.75, run.GetProperty("aggregates").GetProperty("exact_match").GetProperty("mean").GetDouble(), 6);
        Assert.True(run.GetProperty("passed").GetBoolean());
        var jobs = await first.RunJobsAsync(runId);
        Assert.Equal(40, jobs.Count);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), jobs.Select(j => j.GetProperty("sample_id").GetString()).OrderBy(int.Parse!));
        var listed = await (await second.GetAsync("/api/score/runs")).ReadJsonAsync();
        Assert.Contains(listed.GetProperty("runs").EnumerateArray(), r => r.GetProperty("run_id").GetString() == runId);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/x-ndjson")]
    public async Task Run_JsonAndJsonlOverAzurite_Complete(string contentType)
    {
        var client = _first.CreateClient();
        var body = contentType == "application/json"
            ? """{"metrics":["exact_match"],"thresholds":{"exact_match":0.5},"samples":[{"id":"a","question":"q","answer":"Paris","ground_truth":"Paris"},{"id":"b","question":"q","answer":"Lyon","ground_truth":"Paris"}]}"""
            : "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"Paris\",\"ground_truth\":\"Paris\"}\n{\"id\":\"b\",\"question\":\"q\",\"answer\":\"Lyon\",\"ground_truth\":\"Paris\"}\n";
        var query = contentType == "application/json" ? "" : "?metrics=exact_match&threshold=exact_match:0.5";

        var response = await client.PostAsync("/api/score/runs" + query, new StringContent(body, System.Text.Encoding.UTF8, contentType));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await client.WaitForRunAsync((await response.ReadJsonAsync()).GetProperty("run_id").GetString()!, TimeSpan.FromSeconds(60));

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(0.5, run.GetProperty("aggregates").GetProperty("exact_match").GetProperty("mean").GetDouble());
        Assert.True(run.GetProperty("passed").GetBoolean());
    }
}
