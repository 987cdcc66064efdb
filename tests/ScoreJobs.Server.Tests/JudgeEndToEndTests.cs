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
            Assert.Equal($"{metric}/v1", details.GetProperty("prompt_version").GetString());
        }

        Assert.Equal(9, job.GetProperty("usage").GetProperty("judge_calls").GetInt32());
        Assert.Equal(7, judge.ChatRequestCount);
        Assert.Equal(2, judge.EmbeddingRequestCount);
        Assert.All(judge.Requests, request => AssertShape(shape, request));
        Assert.DoesNotContain("sk-e2e-secret", job.GetRawText(), StringComparison.Ordinal);
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
