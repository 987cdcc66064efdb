using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics.Judge;

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
    public async Task ScoreAsync_VerdictNeitherZeroNorOne_FailsAsParse()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"verdicts": [{"id": 1, "reason": "x", "verdict": 1}, {"id": 2, "reason": "x", "verdict": 2}, {"id": 3, "reason": "x", "verdict": 0}]}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricErrorKind.Parse, result.ErrorKind);
        Assert.Contains("neither 0 nor 1", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { true, true, true }, 1.0)]
    [InlineData(new[] { false, true }, 0.5)]
    [InlineData(new[] { true, false, false }, 1.0)]
    [InlineData(new[] { false, false, true }, 1 / 3.0)]
    [InlineData(new[] { false, false }, 0.0)]
    public void AveragePrecision_Verdicts_RewardsUsefulContextsRankedFirst(bool[] useful, double expected) =>
        Assert.Equal(expected, ContextPrecisionMetric.AveragePrecision(useful), 6);

    private static ContextPrecisionMetric CreateSut(FakeOpenAIServer server)
    {
        var options = TestJudge.Options(server);
        return new ContextPrecisionMetric(TestJudge.Caller(options, server), Options.Create(options), TimeProvider.System, NullLogger<ContextPrecisionMetric>.Instance);
    }
}
