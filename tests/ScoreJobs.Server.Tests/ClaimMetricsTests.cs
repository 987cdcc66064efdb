using System.Net;
using System.Text.Json;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Server;

/// <summary>The claim metrics and response_groundedness through the server, the judge faked at its HTTP boundary.</summary>
public sealed class ClaimMetricsTests
{
    private const string Answer = "Paris is the capital of France. It lies on the Loire.";

    private const string Request = """
        {"question":"What is the capital of France?",
         "answer":"Paris is the capital of France. It lies on the Loire.",
         "contexts":["Paris is the capital of France.","The Loire is the longest river in France."],
         "ground_truth":"Paris is the capital of France. It lies on the Seine.",
         "metrics":["faithfulness","factual_correctness","response_groundedness","noise_sensitivity"]}
        """;

    [Fact]
    public async Task Submit_TheNewMetrics_ScoredWithTheirFiguresClaimsAndOneAnswerDecomposition()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        judge.Responder = Verdicts;
        using var server = CreateSut(judge);
        var client = server.CreateClient();

        var response = await client.PostAsync("/api/score/async", HttpJson.Body(Request));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await client.WaitForJobAsync((await response.ReadJsonAsync()).GetProperty("job_id").GetString()!);

        Assert.Equal("completed", job.GetProperty("status").GetString());
        var details = job.GetProperty("details");
        var factual = details.GetProperty("factual_correctness");
        Assert.Equal(0.5, factual.GetProperty("precision").GetDouble());
        Assert.Equal(0.5, factual.GetProperty("recall").GetDouble());
        Assert.Equal(0.5, factual.GetProperty("f1").GetDouble());
        Assert.Equal(0.5, job.GetProperty("scores").GetProperty("factual_correctness").GetDouble());
        Assert.Equal("factual_correctness/v1", factual.GetProperty("prompt_version").GetString());
        Assert.Equal([1, 0], factual.GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("verdict").GetInt32()));

        Assert.Equal(0.75, job.GetProperty("scores").GetProperty("response_groundedness").GetDouble());

        // The Loire claim is wrong by the reference and drawn from context 2, which the reference does not need.
        var noise = details.GetProperty("noise_sensitivity");
        Assert.Equal(0.5, job.GetProperty("scores").GetProperty("noise_sensitivity").GetDouble());
        var claims = noise.GetProperty("claims").EnumerateArray().ToList();
        Assert.Equal(["Paris is the capital of France.", "It lies on the Loire."], claims.Select(c => c.GetProperty("text").GetString()));
        Assert.Equal([2], claims[1].GetProperty("contexts").EnumerateArray().Select(c => c.GetInt32()));
        Assert.Equal(0, claims[1].GetProperty("verdict").GetInt32());

        // faithfulness keeps the contexts its verdicts name; context 5 of 2 is dropped and said.
        var faithfulness = details.GetProperty("faithfulness");
        Assert.Equal("faithfulness/v2", faithfulness.GetProperty("prompt_version").GetString());
        Assert.Equal([[1], [2]], faithfulness.GetProperty("claims").EnumerateArray()
            .Select(c => c.GetProperty("contexts").EnumerateArray().Select(i => i.GetInt32()).ToArray()));
        Assert.StartsWith("2/2 (context ids dropped, not a number from 1 to 2: 5): ", faithfulness.GetProperty("reason").GetString(), StringComparison.Ordinal);

        Assert.Single(judge.ChatRequests, r => r.ReplyFormat == "faithfulness_statements" && r.Tagged("answer") == Answer);
        Assert.Equal(judge.ChatRequestCount, job.GetProperty("usage").GetProperty("judge_calls").GetInt32());
    }

    [Fact]
    public async Task Metrics_JudgeConfigured_TheCatalogListsTheNewMetricsWithWhatTheyNeed()
    {
        await using var judge = await FakeOpenAIServer.StartAsync();
        using var server = CreateSut(judge);

        var catalog = await (await server.CreateClient().GetAsync("/api/score/metrics")).ReadJsonAsync();

        var metrics = catalog.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.True(metrics["factual_correctness"].GetProperty("available").GetBoolean());
        Assert.True(metrics["response_groundedness"].GetProperty("available").GetBoolean());
        Assert.Equal(["question", "answer", "contexts", "ground_truth"],
            metrics["noise_sensitivity"].GetProperty("needs").EnumerateArray().Select(n => n.GetString()));
        Assert.Contains("swapped", metrics["response_groundedness"].GetProperty("description").GetString(), StringComparison.Ordinal);
        // Asked by name only; the first six stay the default set.
        Assert.All(["factual_correctness", "response_groundedness", "noise_sensitivity"], m => Assert.False(metrics[m].GetProperty("in_default_set").GetBoolean()));
        Assert.True(metrics["faithfulness"].GetProperty("in_default_set").GetBoolean());
    }

    private static FakeResponse? Verdicts(RecordedRequest request) => request.ReplyFormat switch
    {
        "factual_correctness_verdicts" => FakeResponse.Chat("""
            {"verdicts": [{"id": 1, "reason": "said", "verdict": 1}, {"id": 2, "reason": "not said", "verdict": 0}], "reason": "The river differs."}
            """),
        "faithfulness_verdicts" => FakeResponse.Chat("""
            {"verdicts": [{"id": 1, "reason": "Context 1.", "verdict": 1, "contexts": [1]}, {"id": 2, "reason": "Context 2 names the Loire.", "verdict": 1, "contexts": [2, 5]}],
             "reason": "Both are in the contexts."}
            """),
        "response_groundedness_rating" => FakeResponse.Chat("""{"reason": "All of it.", "rating": 2}"""),
        "response_groundedness_rating_swapped" => FakeResponse.Chat("""{"reason": "Part of it.", "rating": 1}"""),
        "noise_sensitivity_verdicts" => FakeResponse.Chat("""
            {"relevant_contexts": [1],
             "claims": [{"id": 1, "reason": "r", "correct": 1, "contexts": [1]}, {"id": 2, "reason": "from the Loire context", "correct": 0, "contexts": [2]}],
             "reason": "The river came from context 2."}
            """),
        _ => null,
    };

    private static ServerFactory CreateSut(FakeOpenAIServer judge) => new(new()
    {
        ["ScoreJobs:Judge:Endpoint"] = judge.Endpoint("v1/").ToString(),
        ["ScoreJobs:Judge:Model"] = "judge-model",
        ["ScoreJobs:Judge:ApiKey"] = "sk-claims",
    });
}
