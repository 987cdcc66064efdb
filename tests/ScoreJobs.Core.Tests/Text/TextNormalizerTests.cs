namespace ScoreJobs.Text;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("ＡＢＣ１２３", "abc123")] // full-width forms
    [InlineData("ﬁnd", "find")] // ligature
    [InlineData("Straße", "strasse")] // full case folding
    [InlineData("①²₃", "123")] // circled, superscript, subscript digits
    [InlineData("\u2F8F", "\u884C")] // Kangxi radical 行 (as PDF extraction leaves it) to the unified ideograph
    [InlineData("ΣΑΣ σας", "σασ σασ")] // final sigma folds to sigma
    [InlineData("Kelvin \u212A", "kelvin k")] // Kelvin sign
    public void Fold_CompatibilityAndCase_FoldsToPlainLowerCase(string text, string expected) =>
        Assert.Equal(expected, TextNormalizer.Fold(text));

    [Fact]
    public void Fold_HalfWidthKatakanaWithVoicedMark_FoldsLikeFullWidth()
    {
        Assert.Equal("\u30AB\u3099", TextNormalizer.Fold("ｶﾞ"));
        Assert.Equal(TextNormalizer.Fold("ガ"), TextNormalizer.Fold("ｶﾞ"));
    }

    [Fact]
    public void Fold_PrecomposedAndDecomposedAccent_FoldAlike() =>
        Assert.Equal(TextNormalizer.Fold("Café"), TextNormalizer.Fold("cafe\u0301"));

    [Fact]
    public void Fold_CombiningMarksInEitherOrder_PutsThemInCanonicalOrder()
    {
        // Dot below (class 220) sorts before acute (class 230), whichever was typed first.
        Assert.Equal("a\u0323\u0301", TextNormalizer.Fold("a\u0301\u0323"));
        Assert.Equal("a\u0323\u0301", TextNormalizer.Fold("a\u0323\u0301"));
        Assert.Equal("e\u0323\u0302", TextNormalizer.Fold("ệ"));
    }

    [Fact]
    public void Fold_IotaSubscript_SortsAmongMarksBeforeBecomingIota() =>
        // ᾳ + acute: NFKD puts the ypogegrammeni (class 240) after the acute (230), then case folding makes it ι.
        Assert.Equal("\u03B1\u0301\u03B9", TextNormalizer.Fold("\u1FB3\u0301"));

    [Theory]
    [InlineData("\u1112\u1161\u11AB", "한")] // conjoining jamo compose
    [InlineData("한국", "한국")] // syllables stay composed
    [InlineData("ㅎㅏ", "하")] // compatibility jamo fold to conjoining jamo, then compose
    [InlineData("ﾊﾝｸﾞﾙ", "\u30CF\u30F3\u30AF\u3099\u30EB")] // half-width katakana
    public void Fold_HangulAndKana_KeepsSyllablesComposed(string text, string expected) =>
        Assert.Equal(expected, TextNormalizer.Fold(text));

    [Fact]
    public void Fold_LoneSurrogate_BecomesReplacementCharacter() =>
        Assert.Equal("a\uFFFDb", TextNormalizer.Fold("a\uD800b"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Fold_NullOrEmpty_ReturnsEmpty(string? text) => Assert.Equal("", TextNormalizer.Fold(text));

    [Fact]
    public void Fold_PlainLowerCaseAscii_ReturnsItUnchanged() =>
        Assert.Equal("plain text, 42!", TextNormalizer.Fold("plain text, 42!"));
}
