using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ScoreJobs.Http;
using ScoreJobs.Runs;

namespace ScoreJobs.Server;

/// <summary>Dataset runs end to end on the embedded default: real HTTP, the real worker lanes, offline metrics.</summary>
public sealed class RunsEndpointsTests : IClassFixture<RunsEndpointsTests.Fixture>
{
    private const string Jsonl = """
        {"id":"q1","question":"什么是检索增强生成？","answer":"检索增强生成是一种结合检索和生成的方法","ground_truth":"检索增强生成是一种结合检索与生成的方法","contexts":["检索增强生成结合了检索和生成"]}

        {"user_input":"What is RAG?","response":"Retrieval augmented generation","reference":"Retrieval augmented generation","retrieved_contexts":["RAG retrieves then generates"],"metadata":{"topic":"rag"}}
        {"question":"Capital of France?","answer":"Lyon","ground_truth":"Paris"}
        """;

    private readonly HttpClient _client;
    private readonly RunUploadGate _uploads;

    public RunsEndpointsTests(Fixture fixture)
    {
        _client = fixture.Server.CreateClient();
        _uploads = fixture.Server.Services.GetRequiredService<RunUploadGate>();
    }

    private static StringContent Content(string body, string type) => new(body, Encoding.UTF8, type);

    private async Task<string> SubmitAsync(HttpContent content, string query = "")
    {
        var response = await _client.PostAsync("/api/score/runs" + query, content);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var body = await response.ReadJsonAsync();
        var runId = body.GetProperty("run_id").GetString()!;
        Assert.Equal($"/api/score/runs/{runId}", response.Headers.Location!.OriginalString);
        Assert.Equal($"/api/score/runs/{runId}", body.GetProperty("status_url").GetString());
        return runId;
    }

    [Fact]
    public async Task Jsonl_WithThresholds_CompletesWithAggregatesThatEqualARecountOfItsJobs() // a blank line counts: default ids are file lines
    {
        var runId = await SubmitAsync(Content(Jsonl, "application/x-ndjson"), "?name=nightly&metrics=token_f1,exact_match&threshold=token_f1:0.5&threshold=exact_match:0.9");

        var run = await _client.WaitForRunAsync(runId);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("nightly", run.GetProperty("name").GetString());
        Assert.Equal(3, run.GetProperty("samples").GetInt32());
        Assert.Equal(3, run.GetProperty("counts").GetProperty("completed").GetInt64());
        Assert.False(run.GetProperty("passed").GetBoolean()); // exact_match is 1 of 3 < 0.9
        Assert.NotEqual(JsonValueKind.Null, run.GetProperty("finished_at").ValueKind);
        var jobs = await _client.RunJobsAsync(runId);
        Assert.Equal(["3", "4", "q1"], jobs.Select(j => j.GetProperty("sample_id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(jobs, j => Assert.Equal(runId, j.GetProperty("run_id").GetString()));
        foreach (var metric in new[] { "token_f1", "exact_match", "weighted_score" })
        {
            var scores = jobs.Select(j => metric == "weighted_score" ? j.GetProperty("weighted_score").GetDouble() : j.GetProperty("scores").GetProperty(metric).GetDouble());
            var thresholds = new Dictionary<string, double> { ["token_f1"] = 0.5, ["exact_match"] = 0.9 };
            var recount = RunStatistics.FromScores(scores, thresholds.TryGetValue(metric, out var t) ? t : null);
            var aggregate = run.GetProperty("aggregates").GetProperty(metric);
            Assert.Equal(recount.N, aggregate.GetProperty("n").GetInt64());
            Assert.Equal(recount.Mean!.Value, aggregate.GetProperty("mean").GetDouble(), 6);
            Assert.Equal(recount.Median!.Value, aggregate.GetProperty("median").GetDouble(), 6);
            Assert.Equal(recount.P10!.Value, aggregate.GetProperty("p10").GetDouble(), 6);
            Assert.Equal(recount.Min!.Value, aggregate.GetProperty("min").GetDouble(), 6);
            Assert.Equal(recount.Max!.Value, aggregate.GetProperty("max").GetDouble(), 6);
        }

        Assert.Equal(1.0 / 3, run.GetProperty("aggregates").GetProperty("exact_match").GetProperty("pass_rate").GetDouble(), 6);
        Assert.False(run.GetProperty("aggregates").GetProperty("exact_match").GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task ExcelCsv_BomCrlfQuotedLineBreaksChinese_Completes()
    {
        var csv = "\uFEFFid,question,answer,ground_truth,contexts,metadata.app\r\n" +
                  "a1,什么是向量数据库？,\"向量数据库存储向量，\r\n支持相似度检索\",向量数据库存储向量并支持相似度检索,\"[\"\"向量数据库\"\"]\",dify\r\n" +
                  "a2,\"Say \"\"hi\"\"\",hi,hi,,\r\n";

        var runId = await SubmitAsync(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)) { Headers = { ContentType = new("text/csv") } }, "?metrics=token_f1,rouge_l");
        var run = await _client.WaitForRunAsync(runId);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.True(run.GetProperty("passed").GetBoolean()); // no thresholds
        var jobs = await _client.RunJobsAsync(runId);
        var a1 = await (await _client.GetAsync($"/api/score/jobs/{jobs.Single(j => j.GetProperty("sample_id").GetString() == "a1").GetProperty("job_id").GetString()}")).ReadJsonAsync();
        Assert.Contains("\n", a1.GetProperty("request").GetProperty("answer").GetString());
        Assert.Equal("dify", a1.GetProperty("request_summary").GetProperty("metadata").GetProperty("app").GetString());
        Assert.Equal(1, a1.GetProperty("request").GetProperty("contexts").GetArrayLength());
    }

    [Fact]
    public async Task Json_ThresholdMet_Passed_AndListedNewestFirst()
    {
        var body = """
            {"name":"json run","metrics":["exact_match"],"thresholds":{"exact_match":0.5},
             "samples":[{"question":"q","answer":"yes","ground_truth":"yes"},{"question":"q2","answer":"no","ground_truth":"no"}]}
            """;
        var first = await SubmitAsync(HttpJson.Body(body));
        var second = await SubmitAsync(HttpJson.Body(body));

        var run = await _client.WaitForRunAsync(first);
        Assert.True(run.GetProperty("passed").GetBoolean());
        Assert.Equal(1.0, run.GetProperty("aggregates").GetProperty("exact_match").GetProperty("mean").GetDouble());

        var list = await (await _client.GetAsync("/api/score/runs?limit=200")).ReadJsonAsync();
        var ids = list.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()).ToList();
        Assert.True(ids.IndexOf(second) < ids.IndexOf(first));
    }

    [Fact]
    public async Task BadSample_Is400NamingItsLineAndField_AndNothingIsStored()
    {
        var before = await (await _client.GetAsync("/api/score/runs?limit=200")).ReadJsonAsync();
        var jsonl = "{\"question\":\"ok\",\"answer\":\"a\",\"ground_truth\":\"a\"}\n{\"answer\":\"no question\"}\n";

        var response = await _client.PostAsync("/api/score/runs?metrics=exact_match", Content(jsonl, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty("line 2.question", out _), problem.ToString());
        var after = await (await _client.GetAsync("/api/score/runs?limit=200")).ReadJsonAsync();
        Assert.Equal(before.GetProperty("runs").GetArrayLength(), after.GetProperty("runs").GetArrayLength());
    }

    [Fact]
    public async Task LargerThanAJobsBodyLimit_StillAccepted_UpToTheRunsOwn()
    {
        var line = "{\"question\":\"q\",\"answer\":\"" + new string('a', 2000) + "\",\"ground_truth\":\"a\"}\n";
        var jsonl = string.Concat(Enumerable.Repeat(line, 1000)); // about 2 MB, twice a job's 1 MiB limit

        var response = await _client.PostAsync("/api/score/runs?metrics=exact_match", Content(jsonl, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1000, (await response.ReadJsonAsync()).GetProperty("samples").GetInt32());
    }

    [Fact]
    public async Task LargeUpload_SpooledAndHashedWhole_ReplaysOnlyTheSameBytes()
    {
        // Over the gate's 8 MiB, so it takes a large-upload slot; the last byte differs in the third submission.
        var line = "{\"question\":\"q\",\"answer\":\"" + new string('a', 3000) + "\",\"ground_truth\":\"a\"}\n";
        var jsonl = string.Concat(Enumerable.Repeat(line, 3000));
        HttpRequestMessage Request(string body) => new(HttpMethod.Post, "/api/score/runs?metrics=exact_match")
        {
            Content = Content(body, "application/x-ndjson"),
            Headers = { { "Idempotency-Key", "large-upload" } },
        };

        var first = await _client.SendAsync(Request(jsonl));
        var again = await _client.SendAsync(Request(jsonl));
        var changed = await _client.SendAsync(Request(jsonl[..^4] + "b\"}\n"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(3000, (await first.ReadJsonAsync()).GetProperty("samples").GetInt32());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode); // the key was used for other bytes
        Assert.Equal(0, _uploads.InUse);
    }

    [Theory]
    [InlineData("?metrics=exact_match&repeats=0", "application/x-ndjson", "{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"a\"}\n", "repeats")]
    [InlineData("?metrics=exact_match&repeats=x", "text/csv", "question,answer,ground_truth\nq,a,a\n", "repeats")]
    [InlineData("", "application/json", "{\"metrics\":[\"exact_match\"],\"repeats\":7,\"samples\":[{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"a\"}]}", "repeats")]
    [InlineData("?metrics=exact_match", "application/x-ndjson", "{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"a\",\"repeats\":3}\n", "line 1.repeats")]
    public async Task Repeats_OutOfRangeOrOnASample_Is400NamingIt(string query, string type, string body, string field)
    {
        var response = await _client.PostAsync("/api/score/runs" + query, Content(body, type));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Json_WithRepeats_RunRecordSaysSoAndOfflineMetricsScoreOnce()
    {
        var runId = await SubmitAsync(Content(
            """{"metrics":["exact_match"],"repeats":3,"samples":[{"question":"q","answer":"a","ground_truth":"a"}]}""", "application/json"));

        var run = await _client.WaitForRunAsync(runId);

        Assert.Equal(3, run.GetProperty("repeats").GetInt32());
        var aggregate = run.GetProperty("aggregates").GetProperty("exact_match");
        Assert.Equal((1, 0), (aggregate.GetProperty("n").GetInt32(), aggregate.GetProperty("flaky").GetInt32()));
    }

    [Fact]
    public async Task UnknownThresholdMetric_Is400()
    {
        var response = await _client.PostAsync("/api/score/runs?metrics=exact_match&threshold=faithfulness:0.8",
            Content("{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"a\"}\n", "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("thresholds.faithfulness", out _));
    }

    [Fact]
    public async Task IdempotencyKey_SameSubmission_SameRun()
    {
        var request = () => new HttpRequestMessage(HttpMethod.Post, "/api/score/runs?metrics=exact_match")
        {
            Content = Content("{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"a\"}\n", "application/x-ndjson"),
            Headers = { { "Idempotency-Key", "ci-build-42" } },
        };

        var first = await (await _client.SendAsync(request())).ReadJsonAsync();
        var again = await _client.SendAsync(request());

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(first.GetProperty("run_id").GetString(), (await again.ReadJsonAsync()).GetProperty("run_id").GetString());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Compare_AnswerGotWorse_RegressionAndNegativeDelta()
    {
        const string good = "{\"id\":\"s1\",\"question\":\"q\",\"answer\":\"the cat sat\",\"ground_truth\":\"the cat sat\"}\n{\"id\":\"s2\",\"question\":\"q\",\"answer\":\"x\",\"ground_truth\":\"y\"}\n";
        const string worse = "{\"id\":\"s1\",\"question\":\"q\",\"answer\":\"a dog ran\",\"ground_truth\":\"the cat sat\"}\n{\"id\":\"s2\",\"question\":\"q\",\"answer\":\"x\",\"ground_truth\":\"y\"}\n";
        var baseRun = await SubmitAsync(Content(good, "application/x-ndjson"), "?metrics=token_f1");
        var headRun = await SubmitAsync(Content(worse, "application/x-ndjson"), "?metrics=token_f1");
        await _client.WaitForRunAsync(baseRun);
        await _client.WaitForRunAsync(headRun);

        var comparison = await (await _client.GetAsync($"/api/score/runs/{baseRun}/compare/{headRun}")).ReadJsonAsync();

        Assert.Equal(-0.5, comparison.GetProperty("metrics").GetProperty("token_f1").GetProperty("delta").GetDouble(), 6);
        var regression = comparison.GetProperty("regressions").EnumerateArray().First();
        Assert.Equal("s1", regression.GetProperty("sample_id").GetString());
        Assert.Equal(-1.0, regression.GetProperty("delta").GetDouble(), 6);
        Assert.Equal(2, comparison.GetProperty("samples").GetArrayLength());
        Assert.Equal(0.1, comparison.GetProperty("margin").GetDouble());
        var tokenF1 = comparison.GetProperty("metrics").GetProperty("token_f1");
        Assert.Equal("inconclusive", tokenF1.GetProperty("change").GetString());
        Assert.Equal(2, tokenF1.GetProperty("pairs").GetInt32());
        Assert.Equal(2, tokenF1.GetProperty("ci95").GetArrayLength());
    }

    [Fact]
    public async Task Compare_RunWithItself_NoChangeAndABadMinDeltaIs400()
    {
        var samples = string.Concat(Enumerable.Range(1, 12).Select(i => $"{{\"id\":\"s{i}\",\"question\":\"q\",\"answer\":\"the cat sat {i % 3}\",\"ground_truth\":\"the cat sat\"}}\n"));
        var run = await SubmitAsync(Content(samples, "application/x-ndjson"), "?metrics=token_f1");
        await _client.WaitForRunAsync(run);

        var comparison = await (await _client.GetAsync($"/api/score/runs/{run}/compare/{run}?min_delta=0.01")).ReadJsonAsync();
        var bad = await _client.GetAsync($"/api/score/runs/{run}/compare/{run}?min_delta=2");

        var tokenF1 = comparison.GetProperty("metrics").GetProperty("token_f1");
        Assert.Equal("none", tokenF1.GetProperty("change").GetString());
        Assert.Equal(12, tokenF1.GetProperty("pairs").GetInt32());
        Assert.Equal([0.0, 0.0], tokenF1.GetProperty("ci95").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(1.0, tokenF1.GetProperty("p_value").GetDouble());
        Assert.Equal(0.01, comparison.GetProperty("min_delta").GetDouble());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("min_delta", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownRun_404Problem_AndMalformedId400()
    {
        var missing = await _client.GetAsync("/api/score/runs/" + new string('0', 28));
        var malformed = await _client.PostAsync("/api/score/runs/nope/cancel", null);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task ListAndStats_Source_SplitLiveJobsFromJobsOfRuns()
    {
        var runId = await SubmitAsync(Content(Jsonl, "application/x-ndjson"), "?metrics=token_f1");
        await _client.WaitForRunAsync(runId);
        var live = new List<string>();
        foreach (var question in new[] { "live one?", "live two?" })
        {
            var accepted = await _client.PostAsync("/api/score/async", HttpJson.Body($$"""{"question":"{{question}}","answer":"a","ground_truth":"a","metrics":["token_f1"]}"""));
            var jobId = (await accepted.ReadJsonAsync()).GetProperty("job_id").GetString()!;
            await _client.WaitForJobAsync(jobId);
            live.Add(jobId);
        }

        var all = await ListAsync("");
        var liveJobs = await ListAsync("source=live");
        var runJobs = await ListAsync("source=run");
        var liveStats = await (await _client.GetAsync("/api/score/stats?source=live")).ReadJsonAsync();
        var runStats = await (await _client.GetAsync("/api/score/stats?source=RUN")).ReadJsonAsync();
        var bad = await _client.GetAsync("/api/score/jobs?source=dataset");

        Assert.All(liveJobs, j => Assert.Equal(JsonValueKind.Null, j.TryGetProperty("run_id", out var r) ? r.ValueKind : JsonValueKind.Null));
        Assert.All(runJobs, j => Assert.Equal(JsonValueKind.String, j.GetProperty("run_id").ValueKind));
        Assert.Subset(liveJobs.Select(Id).ToHashSet(), live.ToHashSet());
        Assert.Subset(runJobs.Select(Id).ToHashSet(), (await _client.RunJobsAsync(runId)).Select(Id).ToHashSet());
        Assert.Equal(all.Select(Id).Order(StringComparer.Ordinal), liveJobs.Concat(runJobs).Select(Id).Order(StringComparer.Ordinal));
        Assert.Equal(liveJobs.Count, liveStats.GetProperty("total").GetInt64());
        Assert.Equal(runJobs.Count, runStats.GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("source", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        static string Id(JsonElement job) => job.GetProperty("job_id").GetString()!;
    }

    private async Task<List<JsonElement>> ListAsync(string query)
    {
        var body = await (await _client.GetAsync("/api/score/jobs?limit=500&" + query)).ReadJsonAsync();
        return [.. body.GetProperty("jobs").EnumerateArray()];
    }

    public sealed class Fixture : IDisposable
    {
        public ServerFactory Server { get; } = new();

        public void Dispose() => Server.Dispose();
    }
}
