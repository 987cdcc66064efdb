using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Offline;

public sealed class StringSimilarityMetricTests
{
    [Fact]
    public void Definition_OfflineWithWeightOne()
    {
        var definition = CreateSut().Definition;

        Assert.Equal(MetricNames.StringSimilarity, definition.Name);
        Assert.Equal(MetricInputs.Answer | MetricInputs.GroundTruth, definition.Needs);
        Assert.False(definition.NeedsJudge);
        Assert.Equal(1.0, definition.DefaultWeight);
    }

    [Fact]
    public async Task ScoreAsync_KittenAndSitting_ReturnsOneMinusThreeSevenths()
    {
        // kitten -> sitten -> sittin -> sitting: distance 3 over 7 characters.
        var result = await CreateSut().ScoreAsync(Request("kitten", "sitting"), CancellationToken.None);

        Assert.Equal(1 - (3.0 / 7), result.Score!.Value, precision: 9);
        Assert.Equal("edit distance 3 over 7 characters (6 in the answer, 7 in the reference)", result.Reason);
    }

    [Fact]
    public async Task ScoreAsync_EqualAfterNormalisation_ReturnsOne()
    {
        var result = await CreateSut().ScoreAsync(Request("Hello,   World!", "ｈｅｌｌｏ ｗｏｒｌｄ"), CancellationToken.None);

        Assert.Equal(1.0, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_ChineseOneCharacterDifferent_ReturnsThreeQuarters()
    {
        // 北京大学 vs 北京大字: one substitution over 4 characters; the full stop is removed first.
        var result = await CreateSut().ScoreAsync(Request("北京大学。", "北京大字"), CancellationToken.None);

        Assert.Equal(0.75, result.Score!.Value, precision: 9);
    }

    [Theory]
    [InlineData("Café", "cafe")]
    [InlineData("Café", "cafè")]
    public async Task ScoreAsync_AccentedLetter_CountsAsOneCharacter(string answer, string groundTruth)
    {
        // "café" folds to c, a, f, e + U+0301: 4 text elements, not 5 code points, so one substitution is 1 - 1/4.
        var result = await CreateSut().ScoreAsync(Request(answer, groundTruth), CancellationToken.None);

        Assert.Equal(0.75, result.Score!.Value, precision: 9);
    }

    [Fact]
    public async Task ScoreAsync_EmojiWithSkinTone_CountsAsOneCharacter()
    {
        // "ok 👍🏽" vs "ok 👍": 4 characters each (o, k, space, emoji), one substitution.
        var result = await CreateSut().ScoreAsync(Request("ok👍🏽", "ok 👍"), CancellationToken.None);

        Assert.Equal(0.75, result.Score!.Value, precision: 9);
    }

    [Fact]
    public async Task ScoreAsync_OneSideEmptyAfterNormalisation_ReturnsZero()
    {
        var result = await CreateSut().ScoreAsync(Request("Paris", "?"), CancellationToken.None);

        Assert.Equal(0.0, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_MegabyteAnswer_ComparesOnlyTheFirstCharacters()
    {
        // The answer's first 4,000 characters start with "abc": 3,997 insertions away from "abc", so 3/4000.
        var answer = "abc" + new string('x', 1_000_000);

        var result = await CreateSut().ScoreAsync(Request(answer, "abc"), CancellationToken.None);

        Assert.Equal(3.0 / 4000, result.Score!.Value, precision: 9);
        Assert.EndsWith("; only the first 4,000 characters of the answer were compared", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_MegabyteAnswerAndReference_ComparesTheirPrefixes()
    {
        var text = string.Concat(Enumerable.Repeat("東京タワー tower ", 70_000));

        var result = await CreateSut().ScoreAsync(Request(text, text + " and more"), CancellationToken.None);

        Assert.Equal(1.0, result.Score);
        Assert.EndsWith("of the answer and of the reference were compared", result.Reason, StringComparison.Ordinal);
    }

    private static StringSimilarityMetric CreateSut() => new();

    private static ScoreRequest Request(string answer, string groundTruth) =>
        new() { Question = "What is it?", Answer = answer, GroundTruth = groundTruth };
}
