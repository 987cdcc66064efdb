namespace ScoreJobs.Text;

public sealed class TextTokenizerTests
{
    [Theory]
    [InlineData("The cat sat on a mat.", new[] { "cat", "sat", "on", "mat" })]
    [InlineData("An apple, THE pear", new[] { "apple", "pear" })]
    [InlineData("Don’t stop: the U.S. spent $1,000 (C++)", new[] { "dont", "stop", "us", "spent", "1000", "c" })]
    [InlineData("  many\t\nspaces   here ", new[] { "many", "spaces", "here" })]
    [InlineData("Привет, МИР", new[] { "привет", "мир" })]
    [InlineData("theatre anthem", new[] { "theatre", "anthem" })] // articles only as whole words
    public void Tokenize_LatinAndCyrillic_SplitsSquadStyle(string text, string[] expected) =>
        Assert.Equal(expected, TextTokenizer.Tokenize(text));

    [Fact]
    public void Tokenize_Chinese_OneTokenPerCharacterWithoutPunctuation() =>
        Assert.Equal(["我", "喜", "欢", "机", "器", "学", "习"], TextTokenizer.Tokenize("我喜欢「机器学习」。"));

    [Theory]
    [InlineData("使用 Azure Functions 部署")]
    [InlineData("使用Azure　Functions部署")] // no ASCII spaces, an ideographic space
    public void Tokenize_MixedChineseAndLatin_SplitsCjkPerCharacterAndLatinPerWord(string text) =>
        Assert.Equal(["使", "用", "azure", "functions", "部", "署"], TextTokenizer.Tokenize(text));

    [Fact]
    public void Tokenize_DigitsNextToCjk_StayWholeNumbers() =>
        Assert.Equal(["2024", "年", "3", "月", "15", "日"], TextTokenizer.Tokenize("２０２４年3月15日"));

    [Fact]
    public void Tokenize_CjkAndFullWidthPunctuation_SeparatesLatinWords() =>
        Assert.Equal(["支", "持", "python", "java", "go", "c"], TextTokenizer.Tokenize("支持Python、Java，Go！C＃"));

    [Fact]
    public void Tokenize_FullWidthNumberSeparators_DeletedLikeAscii() =>
        Assert.Equal(["1000", "円", "314"], TextTokenizer.Tokenize("１，０００円、3．14"));

    [Fact]
    public void Tokenize_FullWidthLatin_FoldsToOneAsciiWord() =>
        Assert.Equal(["gpt4o"], TextTokenizer.Tokenize("ＧＰＴ４ｏ"));

    [Fact]
    public void Tokenize_Japanese_KanaPerCharacterWithVoicedMarkKept()
    {
        // ﾃﾞ is テ + U+3099; ｰ folds to the prolonged sound mark ー.
        Assert.Equal(["テ\u3099", "ー", "タ", "を", "使", "う"], TextTokenizer.Tokenize("ﾃﾞｰﾀを使う。"));
        Assert.Equal(TextTokenizer.Tokenize("データを使う"), TextTokenizer.Tokenize("ﾃﾞｰﾀを使う。"));
    }

    [Fact]
    public void Tokenize_Korean_OneTokenPerSyllable() =>
        Assert.Equal(["서", "울", "은", "수", "도", "입", "니", "다"], TextTokenizer.Tokenize("서울은 수도입니다."));

    [Fact]
    public void Tokenize_KoreanConjoiningJamo_ComposesThenSplitsPerSyllable() =>
        Assert.Equal(["한", "국"], TextTokenizer.Tokenize("\u1112\u1161\u11AB\u1100\u116E\u11A8"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!…。、「」")]
    [InlineData("The a AN")]
    [InlineData("\u200B\u200D")]
    public void Tokenize_NothingButPunctuationSpaceOrArticles_ReturnsNoTokens(string? text) =>
        Assert.Empty(TextTokenizer.Tokenize(text));

    [Fact]
    public void Tokenize_EmojiAndSymbols_AreTokensOfTheirOwn() =>
        Assert.Equal(["great", "👍🏽", "©", "≤", "5"], TextTokenizer.Tokenize("great👍🏽!! ©≤5"));

    [Fact]
    public void Tokenize_CombiningMarkWithNothingBefore_IsDropped() =>
        Assert.Equal(["abc"], TextTokenizer.Tokenize(" \u0301abc"));

    [Fact]
    public void Tokenize_LoneSurrogate_SeparatesWithoutThrowing() =>
        Assert.Equal(["ab", "cd"], TextTokenizer.Tokenize("ab\uD800cd"));

    [Fact]
    public void Tokenize_MoreTokensThanTheLimit_StopsAndSaysSo()
    {
        Assert.Equal(["one", "two"], TextTokenizer.Tokenize("one two three", 2, out var truncated));
        Assert.True(truncated);
    }

    [Fact]
    public void Tokenize_ExactlyTheLimit_IsNotTruncated()
    {
        Assert.Equal(["one", "two", "three"], TextTokenizer.Tokenize("one, the two; three.", 3, out var truncated));
        Assert.False(truncated);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Tokenize_LongTextRead_SplitsNoCharacterFromItsMarksOrJamo(int offset)
    {
        // Long texts are folded a few thousand chars at a time; whatever the alignment, ｶ stays with ﾞ,
        // conjoining jamo still compose, and a full-width thousands separator still joins its digits.
        var text = new string(' ', offset) + string.Concat(Enumerable.Repeat("ｶﾞ \u1112\u1161\u11AB １，０ ", 2_000));

        var tokens = TextTokenizer.Tokenize(text);

        Assert.Equal(6_000, tokens.Count);
        Assert.Equal(["カ\u3099", "한", "10"], tokens.Distinct());
    }

    [Fact]
    public void Join_CjkNeighbours_HaveNoSpaceBetweenThem() =>
        Assert.Equal("使用 azure functions 部署", TextTokenizer.Join(TextTokenizer.Tokenize("使用 Azure Functions 部署")));

    [Theory]
    [InlineData("使用 Azure Functions 部署")]
    [InlineData("The U.S. spent ＄１，０００ on 東京タワー 👍🏽")]
    [InlineData("서울은 수도입니다. Café")]
    public void Join_TokenizedAgain_GivesTheSameTokens(string text)
    {
        var tokens = TextTokenizer.Tokenize(text);

        Assert.Equal(tokens, TextTokenizer.Tokenize(TextTokenizer.Join(tokens)));
    }
}
