using System.Text;
using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Offline;

public sealed class RougeLMetricTests
{
    [Fact]
    public void Definition_OfflineWithWeightOne()
    {
        var definition = CreateSut().Definition;

        Assert.Equal(MetricNames.RougeL, definition.Name);
        Assert.Equal(MetricInputs.Answer | MetricInputs.GroundTruth, definition.Needs);
        Assert.False(definition.NeedsJudge);
        Assert.Equal(1.0, definition.DefaultWeight);
    }

    [Fact]
    public async Task ScoreAsync_LinsExample_ReturnsTwoThirds()
    {
        // Lin (2004): [police, killed, gunman] vs [police, kill, gunman] (articles dropped): LCS = 2, P = R = 2/3.
        var result = await CreateSut().ScoreAsync(Request("police killed the gunman", "police kill the gunman"), CancellationToken.None);

        Assert.Equal(2.0 / 3, result.Score!.Value, precision: 6);
        Assert.Equal("longest common subsequence of 2 tokens: precision 2/3, recall 2/3", result.Reason);
    }

    [Fact]
    public async Task ScoreAsync_SameWordsOtherOrder_ScoresBelowOne()
    {
        // [gunman, police, killed] vs [police, killed, gunman]: LCS = "police killed" = 2, so 2/3 where token F1 gives 1.
        var result = await CreateSut().ScoreAsync(Request("gunman police killed", "police killed gunman"), CancellationToken.None);

        Assert.Equal(2.0 / 3, result.Score!.Value, precision: 6);
    }

    [Fact]
    public async Task ScoreAsync_LongerAnswer_WeighsPrecisionAndRecall()
    {
        // [cat, sat, on, mat, today] vs [cat, sat, mat]: LCS = 3, P = 3/5, R = 3/3, F = 2(0.6)(1)/1.6 = 0.75.
        var result = await CreateSut().ScoreAsync(Request("The cat sat on the mat today", "cat sat mat"), CancellationToken.None);

        Assert.Equal(0.75, result.Score!.Value, precision: 6);
    }

    [Fact]
    public async Task ScoreAsync_ChineseReordered_CountsCharactersInOrder()
    {
        // [我,今,天,很,开,心] vs [今,天,我,很,开,心]: LCS = 今天很开心 = 5, P = R = 5/6.
        var result = await CreateSut().ScoreAsync(Request("我今天很开心", "今天我很开心"), CancellationToken.None);

        Assert.Equal(5.0 / 6, result.Score!.Value, precision: 6);
    }

    [Fact]
    public async Task ScoreAsync_JapaneseReordered_CountsCharactersInOrder()
    {
        // 東京は日本の首都です vs 日本の首都は東京です, 10 characters each: LCS = 日本の首都です = 7, P = R = 0.7.
        var result = await CreateSut().ScoreAsync(Request("東京は日本の首都です。", "日本の首都は東京です。"), CancellationToken.None);

        Assert.Equal(0.7, result.Score!.Value, precision: 6);
    }

    [Fact]
    public async Task ScoreAsync_IdenticalChinese_ReturnsOne()
    {
        var result = await CreateSut().ScoreAsync(Request("机器学习是人工智能的一个分支", "机器学习是人工智能的一个分支"), CancellationToken.None);

        Assert.Equal(1.0, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_BothEmptyAfterNormalisation_ReturnsOne()
    {
        var result = await CreateSut().ScoreAsync(Request("—", "!!"), CancellationToken.None);

        Assert.Equal(1.0, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_MegabyteAnswer_ComparesOnlyTheFirstTokens()
    {
        // The answer is cut to its first 4,000 tokens: LCS = 3, P = 3/4000, R = 3/3, F = (6/4000)/(4003/4000) = 6/4003.
        var answer = new StringBuilder("alpha beta gamma").Insert(16, " filler", 150_000).ToString();
        Assert.True(answer.Length > 1_000_000);

        var result = await CreateSut().ScoreAsync(Request(answer, "alpha beta gamma"), CancellationToken.None);

        Assert.Equal(6.0 / 4003, result.Score!.Value, precision: 9);
        Assert.Equal(
            "longest common subsequence of 3 tokens: precision 3/4000, recall 3/3; only the first 4,000 tokens of the answer were compared",
            result.Reason);
    }

    [Fact]
    public async Task ScoreAsync_TwoMegabyteAnswerAndReference_ComparesTheirPrefixes()
    {
        var text = string.Concat(Enumerable.Repeat("机器学习 model ", 100_000));

        var result = await CreateSut().ScoreAsync(Request(text, text), CancellationToken.None);

        Assert.Equal(1.0, result.Score);
        Assert.EndsWith("only the first 4,000 tokens of the answer and of the reference were compared", result.Reason, StringComparison.Ordinal);
    }

    private static RougeLMetric CreateSut() => new();

    private static ScoreRequest Request(string answer, string groundTruth) =>
        new() { Question = "What is it?", Answer = answer, GroundTruth = groundTruth };
}
