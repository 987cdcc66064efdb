using System.Net;
using System.Text.Json;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Server;

/// <summary>Rubric metrics through the server's HTTP API: inline and from the rubric folder, their 400s, and a run with a rubric threshold.</summary>
public sealed class RubricEndpointsTests : IDisposable
{
    private const string Politeness = """{"name":"politeness","criteria":"Is the answer polite?","steps":["Look at the tone."],"scale":"1-5"}""";

    private readonly string _rubrics = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public async Task Score_InlineRubric_ScoredWithRawScaleReasonAndPromptVersion()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateSut(judge);

        var response = await server.CreateClient().PostAsync("/api/score", HttpJson.Body($$"""
            {"question":"Can I get a refund?","answer":"Hello! Please contact support.","metrics":["politeness"],"rubrics":[{{Politeness}}]}
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(1.0, body.GetProperty("scores").GetProperty("politeness").GetDouble());
        var details = body.GetProperty("details").GetProperty("politeness");
        Assert.Equal(5, details.GetProperty("raw").GetInt32());
        Assert.Equal("1-5", details.GetProperty("scale").GetString());
        Assert.Equal("plain", details.GetProperty("scoring").GetString());
        Assert.Matches("^rubric:politeness/[0-9a-f]{12}$", details.GetProperty("prompt_version").GetString());
        Assert.Contains("The answer meets the criteria.", details.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_RubricFile_InTheCatalogAsRubricAndScoredByName()
    {
        await File.WriteAllTextAsync(Path.Combine(_rubrics, "no_refund.json"), """
            {"name":"no_refund","criteria":"回答从不承诺退款。","scale":{"labels":["承诺了退款","含糊","没有承诺"]},"description":"不承诺退款"}
            """);
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateSut(judge);
        var client = server.CreateClient();

        var catalog = await (await client.GetAsync("/api/score/metrics")).ReadJsonAsync();
        var entry = catalog.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "no_refund");
        var response = await client.PostAsync("/api/score/async", HttpJson.Body("""{"question":"能退款吗？","answer":"请联系客服。","metrics":["no_refund"]}"""));
        var job = await client.WaitForJobAsync((await response.ReadJsonAsync()).GetProperty("job_id").GetString()!);

        Assert.Equal(("rubric", "不承诺退款", true), (entry.GetProperty("kind").GetString(), entry.GetProperty("description").GetString(), entry.GetProperty("available").GetBoolean()));
        Assert.Equal("built_in", catalog.GetProperty("metrics")[0].GetProperty("kind").GetString());
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(1.0, job.GetProperty("scores").GetProperty("no_refund").GetDouble());
        Assert.Equal("没有承诺", job.GetProperty("details").GetProperty("no_refund").GetProperty("raw").GetString());
        Assert.Equal(["rubric_steps", "rubric_rating"], judge.ChatRequests.Select(r => r.ReplyFormat));
    }

    [Theory]
    [InlineData("""{"name":"politeness","criteria":"Polite?","scale":"1-7"}""", "rubrics[0].scale")]
    [InlineData("""{"name":"Polite","criteria":"Polite?","scale":"1-5"}""", "rubrics[0].name")]
    [InlineData("""{"name":"faithfulness","criteria":"Mine.","scale":"binary"}""", "rubrics[0].name")]
    [InlineData("""{"name":"politeness","criteria":"Polite?","scale":{"labels":["ok"]}}""", "rubrics[0].scale.labels")]
    public async Task Submit_BadRubric_400NamingTheFieldAndNothingStored(string rubric, string field)
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateSut(judge);

        var response = await server.CreateClient().PostAsync("/api/score/async",
            HttpJson.Body($$"""{"question":"q","answer":"a","metrics":["faithfulness"],"rubrics":[{{rubric}}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Empty(server.RecordFiles());
        Assert.Empty(judge.Requests);
    }

    [Fact]
    public async Task Submit_InlineRubricClashesWithTheServersFile_400()
    {
        await File.WriteAllTextAsync(Path.Combine(_rubrics, "politeness.json"), """{"name":"politeness","criteria":"The server's.","scale":"binary"}""");
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateSut(judge);

        var response = await server.CreateClient().PostAsync("/api/score/async",
            HttpJson.Body($$"""{"question":"q","answer":"a","metrics":["politeness"],"rubrics":[{{Politeness}}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("rubrics[0].name")[0].GetString();
        Assert.Contains("server-wide rubric", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RubricWithItsOwnThreshold_AggregatedAndFailsBelowIt()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        // The rude answer scores 2 of 5 (0.25), the polite one 5 (1.0): a mean of 0.625, under the rubric's 0.7.
        judge.Responder = request => request.ReplyFormat == "rubric_rating"
            ? FakeResponse.Chat(request.Tagged("answer")!.Contains("rude", StringComparison.Ordinal)
                ? """{"reason":"Curt.","score":2}""" : """{"reason":"Polite.","score":5}""")
            : null;
        using var server = CreateSut(judge);
        var client = server.CreateClient();

        var response = await client.PostAsync("/api/score/runs", HttpJson.Body("""
            {"name":"tone","metrics":["politeness"],
             "rubrics":[{"name":"politeness","criteria":"Is the answer polite?","steps":["Look at the tone."],"scale":"1-5","threshold":0.7}],
             "samples":[{"id":"a","question":"q","answer":"a rude answer"},{"id":"b","question":"q","answer":"a kind answer"}]}
            """));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await client.WaitForRunAsync((await response.ReadJsonAsync()).GetProperty("run_id").GetString()!);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(0.7, run.GetProperty("thresholds").GetProperty("politeness").GetDouble());
        var aggregate = run.GetProperty("aggregates").GetProperty("politeness");
        Assert.Equal(0.625, aggregate.GetProperty("mean").GetDouble(), 6);
        Assert.False(aggregate.GetProperty("passed").GetBoolean());
        Assert.False(run.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Run_BadRubric_400NamingTheField()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateSut(judge);

        var response = await server.CreateClient().PostAsync("/api/score/runs", HttpJson.Body("""
            {"metrics":["politeness"],"rubrics":[{"name":"politeness","criteria":"Polite?","scale":"1-5","weight":-2}],
             "samples":[{"question":"q","answer":"a"}]}
            """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("rubrics[0].weight", out _));
    }

    public void Dispose() => Directory.Delete(_rubrics, recursive: true);

    private ServerFactory CreateSut(FakeOpenAIServer judge) => new(new()
    {
        ["ScoreJobs:Judge:Endpoint"] = judge.Endpoint().ToString(),
        ["ScoreJobs:Judge:Model"] = "judge-model",
        ["ScoreJobs:Rubrics:Path"] = _rubrics,
    });
}
