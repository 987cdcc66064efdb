using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics.Judged;

public sealed class ContextRecallMetricTests
{
    [Fact]
    public async Task ScoreAsync_TwoOfThreeReferenceStatementsAttributed_ScoresTwoThirds()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""
            {"statements": [
              {"statement": "Paris is the capital of France.", "reason": "Context 1.", "attributed": 1, "contexts": [1]},
              {"statement": "Paris lies on the Seine.", "reason": "Context 3.", "attributed": 1, "contexts": [3, 1]},
              {"statement": "Paris hosted the 2024 Olympics.", "reason": "Not in the contexts.", "attributed": 0, "contexts": []}],
             "reason": "The Olympics are missing."}
            """);
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(2 / 3.0, result.Score!.Value, 6);
        Assert.Equal("2/3: The Olympics are missing.", result.Reason);
        Assert.Equal("context_recall_attributions", Assert.Single(server.Requests).ReplyFormat);
        Assert.Equal([1, 1, 0], result.Claims!.Select(c => c.Verdict));
        Assert.Equal("Paris hosted the 2024 Olympics.", result.Claims![2].Text);
        Assert.Equal([[1], [1, 3], []], result.Claims!.Select(c => c.Contexts.ToArray()));
        Assert.Equal("context_recall/v2", result.PromptVersion);
    }

    [Fact]
    public async Task ScoreAsync_ContextIdsOutOfRangeOrNotIntegers_DroppedAndSaidInTheReason()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""
            {"statements": [
              {"statement": "Paris is the capital of France.", "reason": "Context 1.", "attributed": 1, "contexts": [1, 4]},
              {"statement": "Paris lies on the Seine.", "reason": "Context 3.", "attributed": 1, "contexts": "3"}],
             "reason": "Covered."}
            """);
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(1, result.Score);
        Assert.Equal([[1], []], result.Claims!.Select(c => c.Contexts.ToArray()));
        Assert.Equal("2/2 (context ids dropped, not a number from 1 to 3: 4, \"3\"): Covered.", result.Reason);
    }

    [Fact]
    public async Task ScoreAsync_ReplyFormatsRejected_ReadsTheContextsFromAPlainTextReply()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = r => r.ResponseFormatType is "json_schema" or "json_object" ? FakeResponse.Error(400, "response_format is not supported") : null;
        server.EnqueueChat("""
            <think>Context 3 names the river.</think>
            {"statements": [{"statement": "Paris lies on the Seine.", "reason": "Context 3.", "attributed": 1, "contexts": [3]}], "reason": "Covered."}
            """);
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(1, result.Score);
        Assert.Equal([3], Assert.Single(result.Claims!).Contexts);
        var request = server.ChatRequests[^1];
        Assert.True(request.ResponseFormatType is null or "text", request.ResponseFormatType);
        Assert.Contains("\"contexts\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}", request.SystemMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_NoStatements_FailsAsParse()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"statements": [], "reason": "Nothing to check."}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricErrorKind.Parse, result.ErrorKind);
        Assert.Null(result.Score);
    }

    [Fact]
    public async Task ScoreAsync_AttributionNeitherZeroNorOne_ChecksThatStatementAloneAgainstTheContexts()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(
            """
            {"statements": [
              {"statement": "Paris is the capital of France.", "reason": "Context 1.", "attributed": 1},
              {"statement": "Paris lies on the Seine.", "reason": "Context 3.", "attributed": 2}],
             "reason": "Covered."}
            """,
            """{"verdicts": [{"id": 1, "reason": "Context 3 says so.", "verdict": 1, "contexts": [3]}], "reason": "Supported."}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(1, result.Score);
        Assert.Equal([2], result.Fallback!.Items);
        Assert.Contains("attributed is 2", result.Fallback.Reason, StringComparison.Ordinal);
        var alone = server.ChatRequests[1];
        Assert.Equal("faithfulness_verdicts", alone.ReplyFormat);
        Assert.Contains("<statement id=\"1\">\nParis lies on the Seine.\n</statement>", alone.UserMessage, StringComparison.Ordinal);
        Assert.Equal(2, result.Usage!.JudgeCalls);
        // The statement settled alone keeps that verdict in the evidence.
        Assert.Equal([1, 1], result.Claims!.Select(c => c.Verdict));
        Assert.Equal([3], result.Claims![1].Contexts);
    }

    private static ContextRecallMetric CreateSut(FakeOpenAIServer server)
    {
        var options = TestJudge.Options(server);
        return new ContextRecallMetric(TestJudge.Caller(options, server), Options.Create(options), new FakeTimeProvider(), NullLogger<ContextRecallMetric>.Instance);
    }
}
