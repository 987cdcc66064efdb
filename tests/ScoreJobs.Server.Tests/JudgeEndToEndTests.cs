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

    [Fact]
    public async Task Submit_JudgeConfigured_JudgeMetricsScoredWithUsageAndPromptVersions()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateSut(judge);
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
            Assert.Equal("judge-model", details.GetProperty("model").GetString());
            Assert.Equal($"{metric}/v1", details.GetProperty("prompt_version").GetString());
        }

        Assert.Equal(7, job.GetProperty("usage").GetProperty("judge_calls").GetInt32());
        Assert.Equal(7, judge.ChatRequestCount);
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

    private static ServerFactory CreateSut(FakeOpenAIServer judge) => new(new()
    {
        ["ScoreJobs:Judge:Endpoint"] = judge.Endpoint().ToString(),
        ["ScoreJobs:Judge:Model"] = "judge-model",
        ["ScoreJobs:Judge:ApiKey"] = "sk-e2e-secret",
    });
}
