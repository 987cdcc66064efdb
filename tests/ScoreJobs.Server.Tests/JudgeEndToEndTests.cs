using System.Net;
using System.Text.Json;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Server;

/// <summary>The server configured with a judge (the fake one, on loopback): catalog, health and a scored job.</summary>
public sealed class JudgeEndToEndTests
{
    private const string RagRequest = """
        {"question":"What is the capital of France?",
         "answer":"Paris is the capital of France. It lies on the Seine.",
         "contexts":["Paris is the capital of France.","Lyon is known for its food.","Paris lies on the Seine."],
         "ground_truth":"Paris is the capital of France."}
        """;

    private static readonly string[] JudgeMetrics =
        ["faithfulness", "answer_relevancy", "context_precision", "context_recall", "answer_correctness", "overall_quality"];

    [Theory]
    [InlineData("azure-deployments")]
    [InlineData("azure-v1")]
    [InlineData("openai-compatible")]
    public async Task Submit_JudgeConfigured_JudgeMetricsScoredWithUsageAndPromptVersions(string shape)
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateSut(judge, shape);
        var client = server.CreateClient();

        var response = await client.PostAsync("/api/score/async", HttpJson.Body(RagRequest));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await client.WaitForJobAsync((await response.ReadJsonAsync()).GetProperty("job_id").GetString()!);

        Assert.Equal("completed", job.GetProperty("status").GetString());
        foreach (var metric in JudgeMetrics)
        {
            Assert.Equal(JsonValueKind.Number, job.GetProperty("scores").GetProperty(metric).ValueKind);
            var details = job.GetProperty("details").GetProperty(metric);
            Assert.Equal("ok", details.GetProperty("status").GetString());
            Assert.StartsWith("judge-model", details.GetProperty("model").GetString(), StringComparison.Ordinal);
            // v2: faithfulness' and context_recall's verdicts name each claim's contexts.
            Assert.Equal(metric is "faithfulness" or "context_recall" ? $"{metric}/v2" : $"{metric}/v1", details.GetProperty("prompt_version").GetString());
        }

        Assert.Equal(9, job.GetProperty("usage").GetProperty("judge_calls").GetInt32());
        Assert.Equal(7, judge.ChatRequestCount);
        Assert.Equal(2, judge.EmbeddingRequestCount);
        Assert.All(judge.Requests, request => AssertShape(shape, request));
        Assert.DoesNotContain("sk-e2e-secret", job.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ThreeRepeats_ThreeTimesTheCallsAndTheRepetitionsInTheDetails()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateSut(judge);
        var client = server.CreateClient();
        var request = RagRequest.TrimEnd().TrimEnd('}') + ""","metrics":["faithfulness","overall_quality","exact_match"],"repeats":3}""";

        var response = await client.PostAsync("/api/score/async", HttpJson.Body(request));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await client.WaitForJobAsync((await response.ReadJsonAsync()).GetProperty("job_id").GetString()!);

        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(3 * 3, judge.ChatRequestCount); // faithfulness 2 calls, overall_quality 1, each three times
        Assert.Equal(9, job.GetProperty("usage").GetProperty("judge_calls").GetInt32());
        foreach (var metric in new[] { "faithfulness", "overall_quality" })
        {
            var details = job.GetProperty("details").GetProperty(metric);
            Assert.Equal(3, details.GetProperty("repeats").GetArrayLength());
            Assert.Equal(JsonValueKind.Number, details.GetProperty("stdev").ValueKind);
            Assert.Equal(JsonValueKind.False, details.GetProperty("flaky").ValueKind); // the fake judge answers alike every time
        }

        Assert.False(job.GetProperty("details").GetProperty("exact_match").TryGetProperty("repeats", out _));
        Assert.Equal(3, job.GetProperty("request").GetProperty("repeats").GetInt32());
    }

    [Fact]
    public async Task MetricsAndHealth_JudgeConfigured_JudgeMetricsAvailableAndJudgeDescribedWithoutKey()
    {
        await using var judge = await FakeOpenAIServer.StartAsync();
        using var server = CreateSut(judge);
        var client = server.CreateClient();

        var catalog = await (await client.GetAsync("/api/score/metrics")).ReadJsonAsync();
        var health = await (await client.GetAsync("/api/health")).ReadJsonAsync();

        var available = catalog.GetProperty("metrics").EnumerateArray()
            .Where(m => m.GetProperty("available").GetBoolean()).Select(m => m.GetProperty("name").GetString()).ToList();
        Assert.All(JudgeMetrics, m => Assert.Contains(m, available));
        Assert.True(health.GetProperty("judge").GetProperty("configured").GetBoolean());
        Assert.Equal("judge-model", health.GetProperty("judge").GetProperty("model").GetString());
        Assert.DoesNotContain("sk-e2e-secret", health.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(judge.Requests);
    }

    private static void AssertShape(string shape, RecordedRequest request)
    {
        var operation = request.IsChat ? "chat/completions" : "embeddings";
        switch (shape)
        {
            case "azure-deployments":
                Assert.Equal($"/openai/deployments/{(request.IsChat ? "judge-model" : "embedder")}/{operation}", request.Path);
                Assert.Equal("2024-10-21", request.QueryValue("api-version"));
                Assert.Equal("sk-e2e-secret", request.Header("api-key"));
                Assert.Null(request.Header("Authorization"));
                break;
            case "azure-v1":
                Assert.Equal($"/openai/v1/{operation}", request.Path);
                Assert.Equal("", request.Query);
                Assert.Equal("sk-e2e-secret", request.Header("api-key"));
                Assert.Null(request.Header("Authorization"));
                break;
            default:
                Assert.Equal($"/v1/{operation}", request.Path);
                Assert.Equal("Bearer sk-e2e-secret", request.Header("Authorization"));
                Assert.Null(request.Header("api-key"));
                break;
        }
    }

    private static ServerFactory CreateSut(FakeOpenAIServer judge, string shape = "openai-compatible") => new(new()
    {
        ["ScoreJobs:Judge:Endpoint"] = judge.Endpoint(shape switch { "azure-deployments" => "", "azure-v1" => "openai/v1/", _ => "v1/" }).ToString(),
        ["ScoreJobs:Judge:Provider"] = shape == "azure-deployments" ? "azure" : null,
        ["ScoreJobs:Judge:ApiVersion"] = shape == "azure-deployments" ? "2024-10-21" : null,
        ["ScoreJobs:Judge:Model"] = "judge-model",
        ["ScoreJobs:Judge:EmbeddingModel"] = "embedder",
        ["ScoreJobs:Judge:ApiKey"] = "sk-e2e-secret",
    });
}
