using System.Net;
using System.Text;
using System.Text.Json;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Server;

/// <summary>A batch-mode run over HTTP on the embedded server, its judge calls through the fake judge's Batch API.</summary>
public sealed class BatchRunEndToEndTests
{
    private const string Run = """
        {"name":"nightly batch","mode":"batch","metrics":["faithfulness","overall_quality"],"samples":[
          {"id":"a","question":"What is the capital of France?","answer":"Paris is the capital of France. It lies on the Seine.",
           "contexts":["Paris is the capital of France.","Paris lies on the Seine."],"ground_truth":"Paris is the capital of France."},
          {"id":"b","question":"What is RAG?","answer":"RAG retrieves passages. Then it generates an answer.",
           "contexts":["RAG retrieves then generates."],"ground_truth":"Retrieval augmented generation."}]}
        """;

    [Theory]
    [InlineData("azure-deployments")]
    [InlineData("azure-v1")]
    [InlineData("openai-compatible")]
    public async Task BatchRun_OverHttp_CompletesThroughBatchesWithNoLiveCall_AndShowsItsBatches(string shape)
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        judge.BatchPollsBeforeDone = 1;
        using var server = CreateSut(judge, shape);
        var client = server.CreateClient();

        var response = await client.PostAsync("/api/score/runs", new StringContent(Run, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var runId = (await response.ReadJsonAsync()).GetProperty("run_id").GetString()!;
        var run = await client.WaitForRunAsync(runId);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("batch", run.GetProperty("mode").GetString());
        var batch = run.GetProperty("batch");
        Assert.Equal("scoring", batch.GetProperty("state").GetString());
        Assert.Equal(2, batch.GetProperty("round").GetInt32());
        Assert.Equal(judge.Batches.Select(b => b.Id), batch.GetProperty("rounds").EnumerateArray().Select(r => r.GetProperty("batch_id").GetString()));
        Assert.All(batch.GetProperty("rounds").EnumerateArray(), r => Assert.Equal("completed", r.GetProperty("state").GetString()));
        Assert.Equal(0, judge.ChatRequestCount);
        Assert.Equal(6, judge.BatchLineCount); // per sample: faithfulness' statements and verdicts, overall_quality
        var usage = run.GetProperty("usage");
        Assert.Equal((6, 0), (usage.GetProperty("batch_calls").GetInt32(), usage.GetProperty("judge_calls").GetInt32()));
        Assert.Equal(3m * (400 * 2.5m + 80 * 10m) / 1_000_000m, usage.GetProperty("cost").GetDecimal()); // 6 calls at half price
        var jobs = await client.RunJobsAsync(runId);
        Assert.All(jobs, j => Assert.Equal(3, j.GetProperty("usage").GetProperty("batch_calls").GetInt32()));
        Assert.All(judge.Requests.Where(r => r.Path.EndsWith("/batches", StringComparison.Ordinal) || r.Path.EndsWith("/files", StringComparison.Ordinal)), r => AssertShape(shape, r));
    }

    [Fact]
    public async Task BatchRun_InlineRubric_ScoredThroughTheBatchAsTheSameRunLive()
    {
        // The rubric has no steps (and criteria no other test uses, as the steps a process has written are kept for its
        // life): they are written in the first round and the rating asked in the second, as faithfulness' claims and
        // their verdicts are. The rude answer is rated 2 of 5 (0.25), the kind one 5 (1.0).
        const string run = """
            {"name":"tone","mode":"MODE","metrics":["politeness","faithfulness"],
             "rubrics":[{"name":"politeness","criteria":"Is the answer polite to a customer who asks for a refund?","scale":"1-5","threshold":0.7}],
             "samples":[
               {"id":"a","question":"Can I get a refund?","answer":"A rude answer. Refunds take 30 days.","contexts":["Refunds take 30 days."]},
               {"id":"b","question":"Can I get a refund?","answer":"A kind answer. Refunds take 30 days.","contexts":["Refunds take 30 days."]}]}
            """;
        await using var batchJudge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        await using var liveJudge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        var asked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Func<RecordedRequest, FakeResponse?> rating = request =>
        {
            asked.Enqueue(request.ReplyFormat ?? "");
            return request.ReplyFormat == "rubric_rating"
                ? FakeResponse.Chat(request.Tagged("answer")!.Contains("rude", StringComparison.Ordinal) ? """{"reason":"Curt.","score":2}""" : """{"reason":"Polite.","score":5}""")
                : null;
        };
        batchJudge.Responder = rating;
        liveJudge.Responder = rating;
        batchJudge.BatchPollsBeforeDone = 1;
        using var batchServer = CreateSut(batchJudge, "openai-compatible");
        using var liveServer = CreateSut(liveJudge, "openai-compatible");

        var (batchRun, batchJobs) = await RunAsync(batchServer.CreateClient(), run.Replace("MODE", "batch", StringComparison.Ordinal));
        var batchAsked = asked.ToList();
        var (liveRun, liveJobs) = await RunAsync(liveServer.CreateClient(), run.Replace("MODE", "live", StringComparison.Ordinal));

        Assert.Equal("completed", batchRun.GetProperty("status").GetString());
        Assert.Equal(0, batchJudge.ChatRequestCount);
        Assert.Equal(2, batchJudge.Batches.Count);
        // The rubric's steps once (they depend on the rubric alone), then per sample its rating, faithfulness' claims and verdicts.
        Assert.Equal(7, batchJudge.BatchLineCount);
        Assert.Equal(1, batchAsked.Count(f => f == "rubric_steps"));
        Assert.Equal(2, batchAsked.Count(f => f == "rubric_rating"));
        // Every line bought is counted, the steps too: the first job reads them from the cache, not the collection pass.
        Assert.Equal(7, batchRun.GetProperty("usage").GetProperty("batch_calls").GetInt32());
        Assert.Equal(0, batchRun.GetProperty("usage").GetProperty("judge_calls").GetInt32());

        Assert.Equal("completed", liveRun.GetProperty("status").GetString());
        Assert.True(liveJudge.ChatRequestCount > 0);
        var (batchTone, liveTone) = (batchRun.GetProperty("aggregates").GetProperty("politeness"), liveRun.GetProperty("aggregates").GetProperty("politeness"));
        Assert.Equal(0.625, batchTone.GetProperty("mean").GetDouble(), 6);
        Assert.Equal(liveTone.GetProperty("mean").GetDouble(), batchTone.GetProperty("mean").GetDouble());
        Assert.False(batchTone.GetProperty("passed").GetBoolean());
        foreach (var id in new[] { "a", "b" })
        {
            var (batchJob, liveJob) = (batchJobs[id].GetProperty("details"), liveJobs[id].GetProperty("details"));
            Assert.Equal(liveJob.GetProperty("politeness").GetProperty("score").GetDouble(), batchJob.GetProperty("politeness").GetProperty("score").GetDouble());
            Assert.Equal(liveJob.GetProperty("politeness").GetProperty("prompt_version").GetString(), batchJob.GetProperty("politeness").GetProperty("prompt_version").GetString());
            // faithfulness' claims keep the contexts their batched verdicts named.
            var claims = batchJob.GetProperty("faithfulness").GetProperty("claims").EnumerateArray().ToList();
            Assert.Equal(2, claims.Count);
            Assert.All(claims, c => Assert.Equal([1], c.GetProperty("contexts").EnumerateArray().Select(i => i.GetInt32())));
            Assert.Equal("faithfulness/v2", batchJob.GetProperty("faithfulness").GetProperty("prompt_version").GetString());
        }
    }

    private static async Task<(JsonElement Run, Dictionary<string, JsonElement> Jobs)> RunAsync(HttpClient client, string body)
    {
        var response = await client.PostAsync("/api/score/runs", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var runId = (await response.ReadJsonAsync()).GetProperty("run_id").GetString()!;
        var run = await client.WaitForRunAsync(runId);
        var jobs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var item in await client.RunJobsAsync(runId))
        {
            jobs[item.GetProperty("sample_id").GetString()!] = await (await client.GetAsync($"/api/score/jobs/{item.GetProperty("job_id").GetString()}")).ReadJsonAsync();
        }

        return (run, jobs);
    }

    [Fact]
    public async Task BatchRun_WithCacheFalse_IsABadRequestNamingMode()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateSut(judge, "openai-compatible");

        var response = await server.CreateClient().PostAsync("/api/score/runs",
            new StringContent(Run.Replace("\"mode\":\"batch\"", "\"mode\":\"batch\",\"cache\":false", StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("response cache", (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("mode")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(judge.Requests);
    }

    private static void AssertShape(string shape, RecordedRequest request)
    {
        var tail = request.Path[request.Path.LastIndexOf('/')..];
        switch (shape)
        {
            case "azure-deployments":
                Assert.Equal("/openai" + tail, request.Path);
                Assert.Equal("2024-10-21", request.QueryValue("api-version"));
                Assert.Equal("sk-e2e-secret", request.Header("api-key"));
                break;
            case "azure-v1":
                Assert.Equal("/openai/v1" + tail, request.Path);
                Assert.Equal("sk-e2e-secret", request.Header("api-key"));
                break;
            default:
                Assert.Equal("/v1" + tail, request.Path);
                Assert.Equal("Bearer sk-e2e-secret", request.Header("Authorization"));
                break;
        }
    }

    private static ServerFactory CreateSut(FakeOpenAIServer judge, string shape) => new(new()
    {
        ["ScoreJobs:Judge:Endpoint"] = judge.Endpoint(shape switch { "azure-deployments" => "", "azure-v1" => "openai/v1/", _ => "v1/" }).ToString(),
        ["ScoreJobs:Judge:Provider"] = shape == "azure-deployments" ? "azure" : null,
        ["ScoreJobs:Judge:ApiVersion"] = shape == "azure-deployments" ? "2024-10-21" : null,
        ["ScoreJobs:Judge:Model"] = "judge-model",
        ["ScoreJobs:Judge:ApiKey"] = "sk-e2e-secret",
        ["ScoreJobs:Judge:BatchPollSeconds"] = "0.05",
        ["ScoreJobs:Judge:BatchMaxPollSeconds"] = "0.2",
        ["ScoreJobs:Judge:Prices:0:Model"] = "judge-model",
        ["ScoreJobs:Judge:Prices:0:InputPerMillion"] = "2.5",
        ["ScoreJobs:Judge:Prices:0:OutputPerMillion"] = "10",
        ["ScoreJobs:Judge:Prices:0:BatchDiscount"] = "0.5",
    });
}
