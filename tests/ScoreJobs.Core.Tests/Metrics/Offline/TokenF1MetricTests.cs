using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Offline;

public sealed class TokenF1MetricTests
{
    [Fact]
    public void Definition_OfflineWithWeightOne()
    {
        var definition = CreateSut().Definition;

        Assert.Equal(MetricNames.TokenF1, definition.Name);
        Assert.Equal(MetricInputs.Answer | MetricInputs.GroundTruth, definition.Needs);
        Assert.False(definition.NeedsJudge);
        Assert.Equal(1.0, definition.DefaultWeight);
    }

    [Fact]
    public async Task ScoreAsync_OnlyArticlesDiffer_ReturnsOne()
    {
        // SQuAD drops articles: both sides become [cat, sat, on, mat], so precision = recall = 4/4.
        var result = await CreateSut().ScoreAsync(Request("the cat sat on the mat", "a cat sat on a mat"), CancellationToken.None);

        Assert.Equal(1.0, result.Score);
        Assert.Equal("4 of 4 reference tokens found in the answer, which has 4 (precision 1, recall 1)", result.Reason);
    }

    [Fact]
    public async Task ScoreAsync_HalfTheTokensShared_ReturnsHalf()
    {
        // [quick, brown, fox, jumps] vs [quick, red, fox, jumped]: 2 shared, P = R = 2/4, F1 = 0.5.
        var result = await CreateSut().ScoreAsync(Request("The quick brown fox jumps", "A quick red fox jumped"), CancellationToken.None);

        Assert.Equal(0.5, result.Score!.Value, precision: 6);
        Assert.StartsWith("2 of 4 reference tokens found in the answer", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_RepeatedToken_CountsOnlyAsOftenAsTheReferenceHasIt()
    {
        // [paris x3] vs [paris, is, in, france]: 1 shared, P = 1/3, R = 1/4, F1 = 2(1/12)/(7/12) = 2/7.
        var result = await CreateSut().ScoreAsync(Request("Paris Paris Paris", "Paris is in France"), CancellationToken.None);

        Assert.Equal(2.0 / 7, result.Score!.Value, precision: 6);
    }

    [Fact]
    public async Task ScoreAsync_ChineseSharingFourCharacters_ScoresPerCharacter()
    {
        // [我,喜,欢,猫] vs [我,喜,欢,狗,和,猫]: 4 shared, P = 4/4, R = 4/6, F1 = 2(2/3)/(5/3) = 0.8.
        var result = await CreateSut().ScoreAsync(Request("我喜欢猫。", "我喜欢狗和猫"), CancellationToken.None);

        Assert.Equal(0.8, result.Score!.Value, precision: 6);
    }

    [Fact]
    public async Task ScoreAsync_IdenticalChinese_ReturnsOne()
    {
        var result = await CreateSut().ScoreAsync(Request("机器学习是人工智能的一个分支。", "机器学习是人工智能的一个分支。"), CancellationToken.None);

        Assert.Equal(1.0, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_KoreanSubset_ScoresPerSyllable()
    {
        // [서,울,은,수,도] vs [서,울,은,한,국,의,수,도]: 5 shared, P = 1, R = 5/8, F1 = (10/8)/(13/8) = 10/13.
        var result = await CreateSut().ScoreAsync(Request("서울은 수도", "서울은 한국의 수도"), CancellationToken.None);

        Assert.Equal(10.0 / 13, result.Score!.Value, precision: 6);
    }

    [Fact]
    public async Task ScoreAsync_NoSharedToken_ReturnsZero()
    {
        var result = await CreateSut().ScoreAsync(Request("Lyon", "Paris"), CancellationToken.None);

        Assert.Equal(0.0, result.Score);
        Assert.Equal("0 of 1 reference tokens found in the answer, which has 1", result.Reason);
    }

    [Fact]
    public async Task ScoreAsync_ReferenceEmptyAfterNormalisation_ReturnsZero()
    {
        var result = await CreateSut().ScoreAsync(Request("Paris", "「。」"), CancellationToken.None);

        Assert.Equal(0.0, result.Score);
        Assert.Equal("nothing is left of the reference after normalisation", result.Reason);
    }

    private static TokenF1Metric CreateSut() => new();

    private static ScoreRequest Request(string answer, string groundTruth) =>
        new() { Question = "What is it?", Answer = answer, GroundTruth = groundTruth };
}
