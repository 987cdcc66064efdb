using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Judge;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics.Judged;

/// <summary>What every judge metric does around its prompt: here, <c>"repeats"</c>, through the one-call overall_quality metric.</summary>
public sealed class JudgeMetricTests
{
    [Fact]
    public async Task ScoreAsync_ThreeRepeats_AsksThreeTimesAndScoresTheMeanWithTheSpread()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(Rating(10), Rating(1), Rating(10));
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest() with { Repeats = 3 }, CancellationToken.None);

        Assert.Equal(3, server.ChatRequestCount);
        Assert.Equal(3, result.Usage!.JudgeCalls);
        Assert.Equal(3 * 160, result.Usage.TotalTokens);
        Assert.Equal([0.0, 1.0, 1.0], result.Repeats!.Order());
        Assert.Equal(2 / 3.0, result.Score!.Value, 9);
        // Sample stdev of 0, 1, 1: sqrt(((2/3)^2 + 2 (1/3)^2) / 2) = sqrt(1/3).
        Assert.Equal(Math.Sqrt(1 / 3.0), result.Stdev!.Value, 9);
        Assert.True(result.Flaky);
        Assert.Null(result.RepeatsFailed);
    }

    [Fact]
    public async Task ScoreAsync_Repeats_FirstAtTemperatureZeroTheOthersAtTheRepetitionTemperature()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(Rating(7), Rating(7), Rating(7));
        var sut = CreateSut(server);

        await sut.ScoreAsync(TestJudge.ScoreRequest() with { Repeats = 3 }, CancellationToken.None);

        var temperatures = server.ChatRequests.Select(r => (float)r.Json.GetProperty("temperature").GetDouble()).Order().ToList();
        Assert.Equal([0f, JudgeChatRequest.RepetitionTemperature, JudgeChatRequest.RepetitionTemperature], temperatures);
    }

    [Fact]
    public async Task ScoreAsync_NoRepeats_OneCallAndNoRepeatDetails()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(Rating(7));
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(1, server.ChatRequestCount);
        Assert.Equal(0.0, server.ChatRequests[0].Json.GetProperty("temperature").GetDouble());
        Assert.Equal((null, null, null), (result.Repeats, result.Stdev, result.Flaky));
    }

    [Theory]
    [InlineData(null, false)]  // 7/9, 8/9, 1 all at or above 0.5
    [InlineData(0.85, true)]   // 7/9 below, 8/9 and 1 above
    [InlineData(1.0, true)]    // only 1 reaches 1.0
    [InlineData(0.7, false)]
    public async Task ScoreAsync_RepeatsAgainstAThreshold_FlakyWhenTheyStraddleIt(double? threshold, bool flaky)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(Rating(8), Rating(9), Rating(10));
        var sut = CreateSut(server);
        var request = TestJudge.ScoreRequest() with
        {
            Repeats = 3,
            Thresholds = threshold is { } t ? new Dictionary<string, double> { [MetricNames.OverallQuality] = t } : null,
        };

        var result = await sut.ScoreAsync(request, CancellationToken.None);

        Assert.Equal(flaky, result.Flaky);
    }

    [Fact]
    public async Task ScoreAsync_OneRepetitionUnusable_ScoresFromTheOthersAndSaysHowManyFailed()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(Rating(7), "I'd give it a seven.", Rating(7));
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest() with { Repeats = 3 }, CancellationToken.None);

        Assert.Equal(MetricStatus.Ok, result.Status);
        Assert.Equal(6 / 9.0, result.Score!.Value, 9);
        Assert.Equal(2, result.Repeats!.Count);
        Assert.Equal(1, result.RepeatsFailed);
        Assert.Equal(0.0, result.Stdev!.Value, 9);
        Assert.False(result.Flaky);
        Assert.Equal(3, result.Usage!.JudgeCalls);
    }

    [Fact]
    public async Task ScoreAsync_EveryRepetitionFails_FailsAsASingleAskWould()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("no", "no", "no");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest() with { Repeats = 3 }, CancellationToken.None);

        Assert.Equal(MetricStatus.Failed, result.Status);
        Assert.Equal(MetricErrorKind.Parse, result.ErrorKind);
        Assert.Null(result.Score);
        Assert.Null(result.Repeats);
        Assert.Equal(3, result.Usage!.JudgeCalls);
    }

    [Fact]
    public void Combine_OneSucceeded_StdevNull()
    {
        var result = JudgeMetric.Combine([MetricResult.Ok(0.4), MetricResult.Failed(MetricErrorKind.Timeout, "slow")], 0.5);

        Assert.Equal(0.4, result.Score);
        Assert.Null(result.Stdev);
        Assert.False(result.Flaky);
        Assert.Equal(1, result.RepeatsFailed);
    }

    private static string Rating(int rating) => $$"""{"reason": "Fine.", "rating": {{rating}}}""";

    private static OverallQualityMetric CreateSut(FakeOpenAIServer server)
    {
        var options = TestJudge.Options(server);
        return new OverallQualityMetric(TestJudge.Caller(options, server), Options.Create(options), new FakeTimeProvider(), NullLogger<OverallQualityMetric>.Instance);
    }
}
