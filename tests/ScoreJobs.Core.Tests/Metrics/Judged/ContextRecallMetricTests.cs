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
              {"statement": "Paris is the capital of France.", "reason": "Context 1.", "attributed": 1},
              {"statement": "Paris lies on the Seine.", "reason": "Context 3.", "attributed": 1},
              {"statement": "Paris hosted the 2024 Olympics.", "reason": "Not in the contexts.", "attributed": 0}],
             "reason": "The Olympics are missing."}
            """);
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(2 / 3.0, result.Score!.Value, 6);
        Assert.Equal("2/3: The Olympics are missing.", result.Reason);
        Assert.Equal("context_recall_attributions", Assert.Single(server.Requests).ReplyFormat);
        Assert.Equal([1, 1, 0], result.Claims!.Select(c => c.Verdict));
        Assert.Equal("Paris hosted the 2024 Olympics.", result.Claims![2].Text);
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
            """{"verdicts": [{"id": 1, "reason": "Context 3 says so.", "verdict": 1}], "reason": "Supported."}""");
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
    }

    private static ContextRecallMetric CreateSut(FakeOpenAIServer server)
    {
        var options = TestJudge.Options(server);
        return new ContextRecallMetric(TestJudge.Caller(options, server), Options.Create(options), new FakeTimeProvider(), NullLogger<ContextRecallMetric>.Instance);
    }
}
