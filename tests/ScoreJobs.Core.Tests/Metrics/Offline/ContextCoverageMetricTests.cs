using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Offline;

public sealed class ContextCoverageMetricTests
{
    [Fact]
    public void Definition_NeedsContextsAndGroundTruth()
    {
        var definition = CreateSut().Definition;

        Assert.Equal(MetricNames.ContextCoverage, definition.Name);
        Assert.Equal(MetricInputs.Contexts | MetricInputs.GroundTruth, definition.Needs);
        Assert.False(definition.NeedsJudge);
        Assert.Equal(1.0, definition.DefaultWeight);
    }

    [Fact]
    public async Task ScoreAsync_SomeReferenceTokensInContexts_ReturnsTheirShare()
    {
        // Reference [paris, is, capital, of, france]; the contexts hold paris, is and france: 3/5.
        var result = await CreateSut().ScoreAsync(
            Request(["Paris is a city.", "France has many regions."], "Paris is the capital of France"), CancellationToken.None);

        Assert.Equal(0.6, result.Score!.Value, precision: 9);
        Assert.Equal("3 of 5 reference tokens found in the contexts", result.Reason);
    }

    [Fact]
    public async Task ScoreAsync_ReferenceRepeatsAToken_NeedsAsManyInContexts()
    {
        // Reference [very, very, good]; the context has one "very": 2/3.
        var result = await CreateSut().ScoreAsync(Request(["It is very good."], "very very good"), CancellationToken.None);

        Assert.Equal(2.0 / 3, result.Score!.Value, precision: 9);
    }

    [Fact]
    public async Task ScoreAsync_ChineseSpreadOverContexts_ReturnsOne()
    {
        var result = await CreateSut().ScoreAsync(Request(["北京是一座城市。", "中国的首都"], "北京是中国的首都"), CancellationToken.None);

        Assert.Equal(1.0, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_ChinesePartlyCovered_CountsPerCharacter()
    {
        // Reference 北,京,是,中,国,的,首,都 (8); the context holds 北, 京 and 是: 3/8.
        var result = await CreateSut().ScoreAsync(Request(["北京是一座城市"], "北京是中国的首都。"), CancellationToken.None);

        Assert.Equal(0.375, result.Score!.Value, precision: 9);
    }

    [Fact]
    public async Task ScoreAsync_ContextsOnlyPunctuation_ReturnsZero()
    {
        var result = await CreateSut().ScoreAsync(Request(["...", "——"], "Paris"), CancellationToken.None);

        Assert.Equal(0.0, result.Score);
        Assert.Equal("nothing is left of the contexts after normalisation", result.Reason);
    }

    private static ContextCoverageMetric CreateSut() => new();

    private static ScoreRequest Request(IReadOnlyList<string> contexts, string groundTruth) =>
        new() { Question = "What is it?", Contexts = contexts, GroundTruth = groundTruth };
}
