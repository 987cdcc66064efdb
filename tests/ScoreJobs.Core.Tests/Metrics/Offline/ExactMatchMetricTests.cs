using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Offline;

public sealed class ExactMatchMetricTests
{
    [Fact]
    public void Definition_OfflineWithHalfWeight()
    {
        var definition = CreateSut().Definition;

        Assert.Equal(MetricNames.ExactMatch, definition.Name);
        Assert.Equal(MetricInputs.Answer | MetricInputs.GroundTruth, definition.Needs);
        Assert.False(definition.NeedsJudge);
        Assert.Equal(0.5, definition.DefaultWeight);
    }

    [Theory]
    [InlineData("The Eiffel Tower!", "eiffel tower")]
    [InlineData("ＰＡＲＩＳ。", "paris")]
    [InlineData("机器学习是人工智能的一个分支。", "机器 学习 是 人工智能 的一个分支")]
    [InlineData("東京ﾀﾜｰ", "東京タワー")]
    [InlineData("서울입니다", "서울 입니다.")]
    [InlineData("Café", "cafe\u0301")]
    public async Task ScoreAsync_EqualAfterNormalisation_ReturnsOne(string answer, string groundTruth)
    {
        var result = await CreateSut().ScoreAsync(Request(answer, groundTruth), CancellationToken.None);

        Assert.Equal(MetricStatus.Ok, result.Status);
        Assert.Equal(1.0, result.Score);
    }

    [Theory]
    [InlineData("Paris", "Lyon")]
    [InlineData("Paris, France", "Paris")]
    [InlineData("我喜欢猫", "我喜欢狗")]
    public async Task ScoreAsync_DifferentAfterNormalisation_ReturnsZero(string answer, string groundTruth)
    {
        var result = await CreateSut().ScoreAsync(Request(answer, groundTruth), CancellationToken.None);

        Assert.Equal(0.0, result.Score);
        Assert.Contains("differs", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_BothEmptyAfterNormalisation_ReturnsOne()
    {
        var result = await CreateSut().ScoreAsync(Request("...", "The!"), CancellationToken.None);

        Assert.Equal(1.0, result.Score);
        Assert.Contains("neither", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_AnswerEmptyAfterNormalisation_ReturnsZero()
    {
        var result = await CreateSut().ScoreAsync(Request("？！", "Paris"), CancellationToken.None);

        Assert.Equal(0.0, result.Score);
        Assert.Equal("nothing is left of the answer after normalisation", result.Reason);
    }

    [Fact]
    public async Task ScoreAsync_CanceledToken_Throws()
    {
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await CreateSut().ScoreAsync(Request("Paris", "Paris"), canceled.Token));
    }

    private static ExactMatchMetric CreateSut() => new();

    private static ScoreRequest Request(string answer, string groundTruth) =>
        new() { Question = "What is it?", Answer = answer, GroundTruth = groundTruth };
}
