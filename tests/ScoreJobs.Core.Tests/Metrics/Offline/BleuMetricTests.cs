using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Offline;

public sealed class BleuMetricTests
{
    [Fact]
    public void Definition_OfflineWithWeightOne()
    {
        var definition = CreateSut().Definition;

        Assert.Equal(MetricNames.Bleu, definition.Name);
        Assert.Equal(MetricInputs.Answer | MetricInputs.GroundTruth, definition.Needs);
        Assert.False(definition.NeedsJudge);
        Assert.Equal(1.0, definition.DefaultWeight);
    }

    [Fact]
    public async Task ScoreAsync_KnownPair_MatchesHandComputedBleu()
    {
        // Answer [cat, is, on, mat] (4), reference [there, is, cat, on, mat] (5), articles dropped.
        // 1-grams 4/4; 2-grams: only (on, mat) of 3 -> (1+1)/(3+1) = 1/2; 3-grams 0 of 2 -> 1/3; 4-grams 0 of 1 -> 1/2.
        // Geometric mean (1 * 1/2 * 1/3 * 1/2)^(1/4) = (1/12)^(1/4) = 0.537285; brevity penalty exp(1 - 5/4) = 0.778801.
        var result = await CreateSut().ScoreAsync(Request("The cat is on the mat.", "There is a cat on the mat."), CancellationToken.None);

        Assert.Equal(Math.Exp(-0.25) * Math.Pow(1.0 / 12, 0.25), result.Score!.Value, precision: 9);
        Assert.Equal(0.418438, result.Score!.Value, precision: 6);
        Assert.Equal(
            "BLEU-4: n-gram matches 4/4, 1/3, 0/2, 0/1 (add-one smoothed for n > 1), brevity penalty 0.779 (4 answer vs 5 reference tokens)",
            result.Reason);
    }

    [Fact]
    public async Task ScoreAsync_Identical_ReturnsOne()
    {
        var result = await CreateSut().ScoreAsync(Request("Azure Functions scales on demand", "azure functions scales on demand!"), CancellationToken.None);

        Assert.Equal(1.0, result.Score!.Value, precision: 12);
    }

    [Fact]
    public async Task ScoreAsync_IdenticalChinese_ReturnsOne()
    {
        var result = await CreateSut().ScoreAsync(Request("机器学习是人工智能的一个分支。", "机器学习是人工智能的一个分支。"), CancellationToken.None);

        Assert.Equal(1.0, result.Score!.Value, precision: 12);
    }

    [Fact]
    public async Task ScoreAsync_ChineseDifferingInLastCharacter_ScoresPerCharacter()
    {
        // [我,喜,欢,猫] vs [我,喜,欢,狗]: 1-grams 3/4; 2-grams 2 of 3 -> 3/4; 3-grams 1 of 2 -> 2/3; 4-grams 0 of 1 -> 1/2.
        // (3/4 * 3/4 * 2/3 * 1/2)^(1/4) = 0.1875^(1/4) = 0.658037; same length, so no brevity penalty.
        var result = await CreateSut().ScoreAsync(Request("我喜欢猫", "我喜欢狗"), CancellationToken.None);

        Assert.Equal(0.658037, result.Score!.Value, precision: 6);
    }

    [Fact]
    public async Task ScoreAsync_ReferenceOfOneToken_UsesUnigramsOnly()
    {
        // BLEU-1: [paris, france] vs [paris]: 1/2 unigrams match; the answer is longer, so no brevity penalty.
        var result = await CreateSut().ScoreAsync(Request("Paris, France", "Paris"), CancellationToken.None);

        Assert.Equal(0.5, result.Score!.Value, precision: 9);
        Assert.StartsWith("BLEU-1: n-gram matches 1/2 ", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_RepeatedWord_IsClippedToItsReferenceCount()
    {
        // [paris x4] vs [paris, is, capital, city]: unigrams clipped to 1/4; 2-grams 0 of 3 -> 1/4; 3-grams 0 of 2 -> 1/3;
        // 4-grams 0 of 1 -> 1/2. (1/4 * 1/4 * 1/3 * 1/2)^(1/4) = (1/96)^(1/4) = 0.319472; equal lengths.
        var result = await CreateSut().ScoreAsync(Request("paris paris paris paris", "Paris is capital city"), CancellationToken.None);

        Assert.Equal(0.319472, result.Score!.Value, precision: 6);
    }

    [Fact]
    public async Task ScoreAsync_NoSharedToken_ReturnsZero()
    {
        var result = await CreateSut().ScoreAsync(Request("Lyon is big", "Paris"), CancellationToken.None);

        Assert.Equal(0.0, result.Score);
        Assert.Equal("no answer token appears in the reference (3 answer, 1 reference tokens)", result.Reason);
    }

    [Fact]
    public async Task ScoreAsync_AnswerOnlyEmoji_IsNotEmpty()
    {
        var result = await CreateSut().ScoreAsync(Request("👍", "👍"), CancellationToken.None);

        Assert.Equal(1.0, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_BothEmptyAfterNormalisation_ReturnsOne()
    {
        var result = await CreateSut().ScoreAsync(Request("。。。", "the"), CancellationToken.None);

        Assert.Equal(1.0, result.Score);
    }

    private static BleuMetric CreateSut() => new();

    private static ScoreRequest Request(string answer, string groundTruth) =>
        new() { Question = "What is it?", Answer = answer, GroundTruth = groundTruth };
}
