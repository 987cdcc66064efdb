using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics.Judge;

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

    private static ContextRecallMetric CreateSut(FakeOpenAIServer server)
    {
        var options = TestJudge.Options(server);
        return new ContextRecallMetric(TestJudge.Caller(options, server), Options.Create(options), TimeProvider.System, NullLogger<ContextRecallMetric>.Instance);
    }
}
