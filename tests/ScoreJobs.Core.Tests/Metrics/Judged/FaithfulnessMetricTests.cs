using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics.Judged;

public sealed class FaithfulnessMetricTests
{
    [Fact]
    public async Task ScoreAsync_TwoOfThreeClaimsSupported_ScoresTwoThirds()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(
            FakeResponse.Chat("""{"statements": ["Paris is the capital of France.", "Paris has about two million inhabitants.", "Paris lies on the Loire."]}""", promptTokens: 200, completionTokens: 30),
            FakeResponse.Chat("""
                {"verdicts": [
                  {"id": 1, "reason": "Context 1 says so.", "verdict": 1, "contexts": [1]},
                  {"id": 2, "reason": "Context 3 gives 2.1 million.", "verdict": 1, "contexts": [3]},
                  {"id": 3, "reason": "Context 3 says the Seine.", "verdict": 0, "contexts": [3, 3]}],
                 "reason": "The river is wrong."}
                """, promptTokens: 300, completionTokens: 60));
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricStatus.Ok, result.Status);
        Assert.Equal(2 / 3.0, result.Score!.Value, 6);
        Assert.Equal("2/3: The river is wrong.", result.Reason);
        Assert.Equal(new TokenUsage(2, 500, 90), result.Usage);
        Assert.Equal(TestJudge.Model, result.Model);
        Assert.Equal("faithfulness/v2", result.PromptVersion);
        Assert.Null(result.RawReply);
        var verify = server.ChatRequests[1];
        Assert.Equal("faithfulness_verdicts", verify.ReplyFormat);
        Assert.Equal(3, verify.CountNumbered("statement"));
        Assert.Equal(3, verify.CountNumbered("context"));
        Assert.Contains("Paris lies on the Loire.", verify.UserMessage, StringComparison.Ordinal);
        Assert.Equal([("Paris is the capital of France.", 1, "1"), ("Paris has about two million inhabitants.", 1, "3"), ("Paris lies on the Loire.", 0, "3")],
            result.Claims!.Select(c => (c.Text, c.Verdict, string.Join(',', c.Contexts))));
        // The decomposition keeps the version it has always been asked under; only the verification is v2.
        Assert.Equal([("faithfulness_statements", "json_schema"), ("faithfulness_verdicts", "json_schema")],
            server.ChatRequests.Select(r => (r.ReplyFormat!, r.ResponseFormatType!)));
        var schema = verify.Json.GetProperty("response_format").GetProperty("json_schema").GetProperty("schema");
        Assert.Equal("integer", schema.GetProperty("properties").GetProperty("verdicts").GetProperty("items")
            .GetProperty("properties").GetProperty("contexts").GetProperty("items").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ScoreAsync_ContextIdsOutOfRangeOrNotIntegers_DroppedAndSaidInTheReason()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(
            """{"statements": ["A.", "B.", "C."]}""",
            """
            {"verdicts": [
              {"id": 1, "reason": "r", "verdict": 1, "contexts": [1, 7]},
              {"id": 2, "reason": "r", "verdict": 1, "contexts": ["2", 2.5, 3, {"id": 2}]},
              {"id": 3, "reason": "r", "verdict": 0, "contexts": [0]}],
             "reason": "C is unsupported."}
            """);
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricStatus.Ok, result.Status);
        Assert.Equal(2 / 3.0, result.Score!.Value, 6);
        Assert.Equal([[1], [3], []], result.Claims!.Select(c => c.Contexts.ToArray()));
        Assert.Equal("2/3 (context ids dropped, not a number from 1 to 3: 7, \"2\", 2.5, {\"id\": 2}, 0): C is unsupported.", result.Reason);
        Assert.Null(result.Fallback);
        Assert.Equal(2, server.ChatRequestCount);
    }

    [Fact]
    public async Task ScoreAsync_ReplyFormatsRejected_ReadsTheContextsFromAPlainTextReply()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = r => r.ResponseFormatType is "json_schema" or "json_object" ? FakeResponse.Error(400, "response_format is not supported") : null;
        server.EnqueueChat(
            """{"statements": ["Paris is the capital of France.", "Paris lies on the Loire."]}""",
            """
            Here is my assessment.
            ```json
            {"verdicts": [{"id": 1, "reason": "Context 1.", "verdict": 1, "contexts": [1]},
                          {"id": 2, "reason": "Context 3 says the Seine.", "verdict": 0, "contexts": [3],}],
             "reason": "The river is wrong."}
            ```
            """);
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(0.5, result.Score);
        Assert.Equal([("Paris is the capital of France.", 1, "1"), ("Paris lies on the Loire.", 0, "3")],
            result.Claims!.Select(c => (c.Text, c.Verdict, string.Join(',', c.Contexts))));
        var verify = server.ChatRequests[^1];
        Assert.True(verify.ResponseFormatType is null or "text", verify.ResponseFormatType);
        Assert.Equal("faithfulness_verdicts", verify.ReplyFormat);
        // In plain text the schema travels in the prompt, contexts and all.
        Assert.Contains("\"contexts\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}", verify.SystemMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_VerdictsOutOfOrder_MatchedToClaimsById()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(
            """{"statements": ["A.", "B."]}""",
            """{"verdicts": [{"id": 2, "reason": "no", "verdict": 0}, {"id": 1, "reason": "yes", "verdict": 1}], "reason": "B is unsupported."}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(0.5, result.Score);
        Assert.Equal([("A.", 1), ("B.", 0)], result.Claims!.Select(c => (c.Text, c.Verdict)));
        // A verdict that names no contexts (the field left out) lists none, and is no problem.
        Assert.All(result.Claims!, c => Assert.Empty(c.Contexts));
        Assert.Equal("1/2: B is unsupported.", result.Reason);
    }

    [Fact]
    public async Task ScoreAsync_AnswerMakesNoClaim_SkippedWithoutVerifying()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"statements": []}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest() with { Answer = "Hello!" }, CancellationToken.None);

        Assert.Equal(MetricStatus.Skipped, result.Status);
        Assert.Null(result.Score);
        Assert.Null(result.ErrorKind);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ScoreAsync_FewerVerdictsThanClaims_AsksForTheMissingClaimAlone()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(
            """{"statements": ["A.", "B."]}""",
            """{"verdicts": [{"id": 1, "reason": "yes", "verdict": 1}], "reason": "ok"}""",
            """{"verdicts": [{"id": 1, "reason": "no", "verdict": 0}], "reason": "B is not said."}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricStatus.Ok, result.Status);
        Assert.Equal(0.5, result.Score);
        Assert.Equal("2 items were given but the judge returned 1 verdicts", result.Fallback!.Reason);
        Assert.Equal([2], result.Fallback.Items);
        Assert.Equal(1, result.Fallback.Calls);
        Assert.Equal(3, result.Usage!.JudgeCalls);
        var alone = server.ChatRequests[2];
        Assert.Equal(1, alone.CountNumbered("statement"));
        Assert.Contains("<statement id=\"1\">\nB.\n</statement>", alone.UserMessage, StringComparison.Ordinal);
        Assert.Equal(3, alone.CountNumbered("context"));
    }

    [Fact]
    public async Task ScoreAsync_MissingClaimFailsAloneToo_FailsAsParseSayingBoth()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        const string alone = """{"verdicts": [], "reason": "nothing"}""";
        server.EnqueueChat("""{"statements": ["A.", "B."]}""", """{"verdicts": [{"id": 1, "reason": "yes", "verdict": 1}]}""", alone);
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Null(result.Score);
        Assert.Equal(MetricErrorKind.Parse, result.ErrorKind);
        Assert.Contains("2 items were given but the judge returned 1 verdicts; asked again alone, item 2 failed too", result.Error, StringComparison.Ordinal);
        Assert.Equal(alone, result.RawReply);
        Assert.Equal([2], result.Fallback!.Items);
        Assert.Equal(3, result.Usage!.JudgeCalls);
    }

    [Fact]
    public async Task ScoreAsync_ClaimExtractionFails_FailsWithTheCallsError()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(500, "boom"), FakeResponse.Error(500, "boom"), FakeResponse.Error(500, "boom"));
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricErrorKind.ModelError, result.ErrorKind);
        Assert.Null(result.Score);
        Assert.Equal(3, result.Usage!.JudgeCalls);
    }

    [Fact]
    public async Task ScoreAsync_NoContexts_SkippedAsMissingInputWithoutCalls()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest() with { Contexts = [] }, CancellationToken.None);

        Assert.Equal(MetricStatus.Skipped, result.Status);
        Assert.Equal(MetricErrorKind.MissingInput, result.ErrorKind);
        Assert.Empty(server.Requests);
    }

    private static FaithfulnessMetric CreateSut(FakeOpenAIServer server)
    {
        var options = TestJudge.Options(server);
        return new FaithfulnessMetric(TestJudge.Caller(options, server), Options.Create(options), new FakeTimeProvider(), NullLogger<FaithfulnessMetric>.Instance);
    }
}
