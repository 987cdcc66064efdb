using System.Buffers;
using System.Globalization;
using System.Text;

namespace ScoreJobs.Text;

/// <summary>
/// Splits text into the tokens every offline metric compares, after SQuAD-style normalisation.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>The text is folded by <see cref="TextNormalizer.Fold(string?)"/> (NFKC-equivalent compatibility mapping and full case folding).</item>
/// <item>CJK and full-width punctuation (。、，「」【】・！ and the like, U+3000-303F, U+FE10-FE6B, U+FF01-FF65)
/// separates tokens, as whitespace and control characters do: CJK text has no spaces, so these marks are its
/// word boundaries ("Python、Java" gives python, java). A full-width comma or full stop between digits is
/// the exception: it is deleted like its ASCII twin.</item>
/// <item>Other punctuation (Unicode categories P*: ASCII and general punctuation such as ’ “ ” —), the ASCII
/// symbols <c>$+&lt;=&gt;^`|~</c> and invisible format characters are deleted without splitting, as SQuAD does:
/// "don't" and "don’t" become "dont", "U.S." "us", "1,000" "1000".</item>
/// <item>Han, Hiragana, Katakana, Bopomofo and Hangul (syllables and jamo) are one token per character,
/// so "使用 Azure Functions 部署" gives 使, 用, azure, functions, 部, 署.</item>
/// <item>Any other run of letters and digits is one token (digits stay whole numbers: "2024年" gives 2024, 年);
/// any other symbol (emoji, ©, ≤) is a token of its own. Combining marks stay with the character before them.</item>
/// <item>The English articles "a", "an" and "the" are dropped, as in SQuAD.</item>
/// </list>
/// </remarks>
internal static class TextTokenizer
{
    // The fold runs on chunks of about this many chars, so tokenizing stops soon after the last token wanted.
    private const int ChunkSize = 4096;

    private static readonly SearchValues<char> s_cjkPunctuation = CreateCjkPunctuation();

    private enum CharKind
    {
        Separator,
        Deleted,
        Mark,
        Word,
        Cjk,
        Symbol,
    }

    /// <summary>All tokens of <paramref name="text"/> (none for null, blank or punctuation-only text).</summary>
    public static IReadOnlyList<string> Tokenize(string? text) => Tokenize(text, int.MaxValue, out _);

    /// <summary>
    /// The first <paramref name="maxTokens"/> tokens of <paramref name="text"/>; <paramref name="truncated"/>
    /// says whether more followed. The text is read no further than needed, so a small limit on a huge text is cheap.
    /// </summary>
    public static IReadOnlyList<string> Tokenize(string? text, int maxTokens, out bool truncated)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTokens);
        var tokens = new List<string>();
        using var scanner = new Scanner(tokens, maxTokens);
        var start = 0;
        while (start < (text?.Length ?? 0) && !scanner.IsFull)
        {
            var length = ChunkLength(text!, start);
            scanner.Scan(TextNormalizer.Fold(SeparateCjkPunctuation(text!, start, length)));
            start += length;
        }

        scanner.Finish();
        truncated = scanner.IsFull;
        return tokens;
    }

    /// <summary>
    /// The normalised text of some tokens: one space between tokens, none between two CJK characters
    /// ("使用 azure functions 部署"). Tokenizing it again gives the same tokens.
    /// </summary>
    public static string Join(IReadOnlyList<string> tokens)
    {
        var builder = new StringBuilder();
        var previousIsCjk = false;
        foreach (var token in tokens)
        {
            var isCjk = IsCjkToken(token);
            if (builder.Length > 0 && !(previousIsCjk && isCjk)) builder.Append(' ');
            builder.Append(token);
            previousIsCjk = isCjk;
        }

        return builder.ToString();
    }

    /// <summary>Whether a code point is tokenised per character (Han, kana, Bopomofo, Hangul).</summary>
    internal static bool IsCjk(int codePoint) => codePoint switch
    {
        < 0x1100 => false,
        <= 0x11FF => true, // Hangul jamo
        < 0x2E80 => false,
        <= 0x2FDF => true, // CJK and Kangxi radicals
        < 0x3005 => false,
        <= 0x3007 => true, // 々 〆 〇
        >= 0x3021 and <= 0x3029 => true, // Hangzhou numerals
        >= 0x3031 and <= 0x3035 => true, // kana repeat marks
        >= 0x3038 and <= 0x303C => true,
        >= 0x3041 and <= 0x30FF => true, // Hiragana, Katakana
        >= 0x3105 and <= 0x318F => true, // Bopomofo, Hangul compatibility jamo
        >= 0x31A0 and <= 0x31FF => true, // Bopomofo extended, CJK strokes, Katakana extensions
        >= 0x3400 and <= 0x4DBF => true, // CJK extension A
        >= 0x4E00 and <= 0x9FFF => true, // CJK unified ideographs
        >= 0xA960 and <= 0xA97F => true, // Hangul jamo extended A
        >= 0xAC00 and <= 0xD7FF => true, // Hangul syllables, jamo extended B
        >= 0xF900 and <= 0xFAFF => true, // CJK compatibility ideographs
        >= 0xFF66 and <= 0xFFDC => true, // half-width Katakana and Hangul
        >= 0x1AFF0 and <= 0x1B16F => true, // kana supplement and extensions
        >= 0x20000 and <= 0x323AF => true, // CJK extensions B to H, compatibility supplement
        _ => false,
    };

    // A chunk ends before an ASCII or Han char: the fold of such a char depends on nothing before it (no mark
    // to reorder, no jamo to compose), so folding chunk by chunk gives the same text as folding the whole.
    private static int ChunkLength(string text, int start)
    {
        for (var end = start + ChunkSize; end < text.Length; end++)
        {
            if (text[end] is < '\u0080' or >= '\u3400' and <= '\u9FFF') return end - start;
        }

        return text.Length - start;
    }

    // Full-width punctuation folds to ASCII, so it must become a separator before the fold; a full-width
    // comma or full stop between digits stays, to be deleted like its ASCII twin ("１，０００" gives 1000).
    private static ReadOnlySpan<char> SeparateCjkPunctuation(string text, int start, int length)
    {
        var chunk = text.AsSpan(start, length);
        var first = chunk.IndexOfAny(s_cjkPunctuation);
        if (first < 0) return chunk;

        var separated = chunk.ToArray();
        for (var i = first; i < separated.Length; i++)
        {
            if (s_cjkPunctuation.Contains(separated[i]) && !IsFullWidthNumberSeparator(text, start + i)) separated[i] = ' ';
        }

        return separated;
    }

    private static bool IsFullWidthNumberSeparator(string text, int index) =>
        text[index] is '\uFF0C' or '\uFF0E' && index > 0 && index + 1 < text.Length
        && char.IsDigit(text[index - 1]) && char.IsDigit(text[index + 1]);

    private static SearchValues<char> CreateCjkPunctuation()
    {
        var chars = new List<char> { '\u30FB' }; // katakana middle dot
        for (var c = '\u3001'; c <= '\u303F'; c++)
        {
            if (char.IsPunctuation(c)) chars.Add(c);
        }

        foreach (var (first, last) in new[] { ('\uFE10', '\uFE19'), ('\uFE30', '\uFE6B'), ('\uFF01', '\uFF65') })
        {
            for (var c = first; c <= last; c++)
            {
                if (char.IsPunctuation(c) || char.IsSymbol(c)) chars.Add(c);
            }
        }

        return SearchValues.Create([.. chars]);
    }

    private static bool IsCjkToken(string token) =>
        Rune.DecodeFromUtf16(token, out var first, out _) == OperationStatus.Done && IsCjk(first.Value);

    // Builds tokens from folded text, chunk after chunk; a token may span chunks. Equal tokens share one
    // string, so a long text costs a reference per token rather than a string.
    private sealed class Scanner(List<string> tokens, int maxTokens) : IDisposable
    {
        private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);
        private char[] _token = ArrayPool<char>.Shared.Rent(256);
        private int _length;
        private CharKind _kind = CharKind.Separator;

        /// <summary>True once a token beyond the limit was met: the caller can stop reading.</summary>
        public bool IsFull { get; private set; }

        public void Scan(string folded)
        {
            foreach (var rune in folded.EnumerateRunes())
            {
                var kind = Classify(rune);
                switch (kind)
                {
                    case CharKind.Deleted:
                        continue;
                    case CharKind.Mark:
                        if (_length > 0) Append(rune);
                        continue;
                    case CharKind.Word when _kind == CharKind.Word:
                        Append(rune);
                        continue;
                }

                Finish();
                if (IsFull) return;
                if (kind != CharKind.Separator) Append(rune);
                _kind = kind;
            }
        }

        /// <summary>Adds the token under construction, unless it is empty or an article.</summary>
        public void Finish()
        {
            var token = _token.AsSpan(0, _length);
            _length = 0;
            if (token.IsEmpty || (_kind == CharKind.Word && token is "a" or "an" or "the")) return;
            if (tokens.Count == maxTokens)
            {
                IsFull = true;
                return;
            }

            var distinct = _distinct.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!distinct.TryGetValue(token, out var text))
            {
                text = token.ToString();
                _distinct.Add(text);
            }

            tokens.Add(text);
        }

        private void Append(Rune rune)
        {
            if (_length + 2 > _token.Length)
            {
                var larger = ArrayPool<char>.Shared.Rent(_token.Length * 2);
                _token.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<char>.Shared.Return(_token);
                _token = larger;
            }

            _length += rune.EncodeToUtf16(_token.AsSpan(_length));
        }

        public void Dispose() => ArrayPool<char>.Shared.Return(_token);
    }

    private static CharKind Classify(Rune rune)
    {
        var value = rune.Value;
        if (value < 0x80)
        {
            return value switch
            {
                >= 'a' and <= 'z' or >= '0' and <= '9' => CharKind.Word,
                <= ' ' or 0x7F => CharKind.Separator,
                _ => CharKind.Deleted, // ASCII punctuation and symbols, as SQuAD's string.punctuation
            };
        }

        if (value == 0xFFFD) return CharKind.Separator; // what invalid UTF-16 decodes to

        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Control:
                return CharKind.Separator;
            case UnicodeCategory.Format or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
                or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
                or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation:
                return CharKind.Deleted;
            case UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark:
                return CharKind.Mark;
            case var _ when IsCjk(value):
                return CharKind.Cjk;
            case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber:
                return CharKind.Word;
            case var _ when value is >= 0x1F3FB and <= 0x1F3FF: // emoji skin tones modify the emoji before them
                return CharKind.Mark;
            default:
                return CharKind.Symbol;
        }
    }
}
