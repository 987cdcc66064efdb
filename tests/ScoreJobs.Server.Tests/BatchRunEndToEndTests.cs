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
