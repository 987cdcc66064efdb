using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics.Judged;

public sealed class ContextPrecisionMetricTests
{
    [Fact]
    public async Task ScoreAsync_UsefulFirstAndThird_RankAwareAveragePrecision()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""
            {"verdicts": [{"id": 1, "reason": "Names the capital.", "verdict": 1},
                          {"id": 2, "reason": "About Lyon.", "verdict": 0},
                          {"id": 3, "reason": "Names the river.", "verdict": 1}],
             "reason": "Contexts 1 and 3 are useful."}
            """);
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal((1 + 2 / 3.0) / 2, result.Score!.Value, 6);
        Assert.Equal("2/3: Contexts 1 and 3 are useful.", result.Reason);
        var request = Assert.Single(server.Requests);
        Assert.Equal(3, request.CountNumbered("context"));
        Assert.Equal("Paris is the capital of France. It lies on the Seine.", request.Tagged("reference_answer"));
        Assert.Equal(1, result.Usage!.JudgeCalls);
    }

    [Fact]
    public async Task ScoreAsync_VerdictNeitherZeroNorOneInBatchAndAlone_FailsAsParse()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(
            """{"verdicts": [{"id": 1, "reason": "x", "verdict": 1}, {"id": 2, "reason": "x", "verdict": 2}, {"id": 3, "reason": "x", "verdict": 0}]}""",
            """{"verdicts": [{"id": 1, "reason": "x", "verdict": 2}]}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricErrorKind.Parse, result.ErrorKind);
        Assert.Contains("verdict 2 of item 2 is neither 0 nor 1; asked again alone, item 2 failed too", result.Error, StringComparison.Ordinal);
        Assert.Equal(2, server.ChatRequestCount);
    }

    [Fact]
    public async Task ScoreAsync_TwoVerdictsForThreeContexts_ScoresAfterOneCallForTheMissingContext()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(
            """{"verdicts": [{"id": 1, "reason": "Names the capital.", "verdict": 1}, {"id": 3, "reason": "Names the river.", "verdict": 1}], "reason": "1 and 3 help."}""",
            """{"verdicts": [{"id": 1, "reason": "About Lyon.", "verdict": 0}], "reason": "Not useful."}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricStatus.Ok, result.Status);
        Assert.Equal((1 + 2 / 3.0) / 2, result.Score!.Value, 6);
        Assert.Equal("2/3: 1 and 3 help.", result.Reason);
        Assert.Equal(2, server.ChatRequestCount);
        Assert.Equal(2, result.Usage!.JudgeCalls);
        Assert.Equal("3 items were given but the judge returned 2 verdicts", result.Fallback!.Reason);
        Assert.Equal([2], result.Fallback.Items);
        Assert.Equal(1, result.Fallback.Calls);
        var (batch, alone) = (server.ChatRequests[0], server.ChatRequests[1]);
        Assert.Equal(3, batch.CountNumbered("context"));
        Assert.Equal(1, alone.CountNumbered("context"));
        Assert.Contains("<context id=\"1\">\nLyon is a city in France known for its cuisine.\n</context>", alone.UserMessage, StringComparison.Ordinal);
        Assert.Equal((3, 3), ItemBounds(batch));
        Assert.Equal((1, 1), ItemBounds(alone));
    }

    [Fact]
    public async Task ScoreAsync_DuplicateIdInACompleteCount_AsksForTheUnsettledContextsAlone()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(
            """{"verdicts": [{"id": 1, "reason": "x", "verdict": 1}, {"id": 1, "reason": "x", "verdict": 0}, {"id": 3, "reason": "x", "verdict": 1}, {"id": 2, "reason": "x", "verdict": 0}]}""",
            """{"verdicts": [{"id": 1, "reason": "Names the capital.", "verdict": 1}]}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal((1 + 2 / 3.0) / 2, result.Score!.Value, 6);
        Assert.Equal([1], result.Fallback!.Items);
        Assert.Contains("more than once", result.Fallback.Reason, StringComparison.Ordinal);
        Assert.Equal(2, server.ChatRequestCount);
    }

    [Fact]
    public async Task ScoreAsync_ServerRejectsItemBounds_KeepsTheSchemaWithoutThem()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        server.Responder = r => r.Body.Contains("minItems", StringComparison.Ordinal)
            ? FakeResponse.Error(400, "Invalid schema: 'minItems' is not permitted.", param: "response_format")
            : null;
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(1, result.Score);
        Assert.Equal("json_schema", server.ChatRequests[^1].ResponseFormatType);
        Assert.Equal((null, null), ItemBounds(server.ChatRequests[^1]));
    }

    [Theory]
    [InlineData(new[] { true, true, true }, 1.0)]
    [InlineData(new[] { false, true }, 0.5)]
    [InlineData(new[] { true, false, false }, 1.0)]
    [InlineData(new[] { false, false, true }, 1 / 3.0)]
    [InlineData(new[] { false, false }, 0.0)]
    public void AveragePrecision_Verdicts_RewardsUsefulContextsRankedFirst(bool[] useful, double expected) =>
        Assert.Equal(expected, ContextPrecisionMetric.AveragePrecision(useful), 6);

    // MEAI's OpenAI adapter moves keywords outside OpenAI's strict subset into the description ("minItems: 3\nmaxItems: 3"),
    // where the model still reads them; a keyword sent as it is counts as well.
    private static (int? Min, int? Max) ItemBounds(RecordedRequest request)
    {
        var verdicts = request.Json.GetProperty("response_format").GetProperty("json_schema").GetProperty("schema").GetProperty("properties").GetProperty("verdicts");
        var description = verdicts.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "";
        return (Bound("minItems"), Bound("maxItems"));

        int? Bound(string keyword) =>
            verdicts.TryGetProperty(keyword, out var value) ? value.GetInt32()
            : System.Text.RegularExpressions.Regex.Match(description, keyword + @": (\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    private static ContextPrecisionMetric CreateSut(FakeOpenAIServer server)
    {
        var options = TestJudge.Options(server);
        return new ContextPrecisionMetric(TestJudge.Caller(options, server), Options.Create(options), new FakeTimeProvider(), NullLogger<ContextPrecisionMetric>.Instance);
    }
}
