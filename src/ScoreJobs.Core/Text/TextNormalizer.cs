using System.Buffers;
using System.Globalization;
using System.Text;

namespace ScoreJobs.Text;

/// <summary>
/// The character-level half of the offline metrics' normalisation: texts made of the same
/// characters, however they were encoded, typed or cased, fold to the same string.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Fold(string?)"/> computes NFKD(casefold(NFKD(text))): Unicode compatibility decomposition with
/// full case folding, combining marks in canonical order. Two texts fold alike exactly when
/// NFKC(casefold(NFKD(text))) is the same for both. Hangul is the one exception to "decomposed": syllables stay composed
/// and conjoining jamo are composed into syllables, so Korean tokenises per syllable.
/// Examples: "ＡＢＣ１２３" folds to "abc123", "ｶﾞ" and "ガ" alike, "ﬁ" to "fi", "Straße" to "strasse", "①" to "1".
/// </para>
/// <para>
/// The Unicode data (version <see cref="UnicodeVersion"/>) is carried in this assembly rather than taken
/// from <see cref="string.Normalize(NormalizationForm)"/>: that method does nothing when an app runs with
/// InvariantGlobalization (ours do), and case mapping would otherwise depend on the host.
/// </para>
/// </remarks>
internal static class TextNormalizer
{
    private const int HangulSyllableBase = 0xAC00;
    private const int LeadingJamoBase = 0x1100;
    private const int VowelJamoBase = 0x1161;
    private const int TrailingJamoBase = 0x11A7;
    private const int VowelCount = 21;
    private const int TrailingCount = 28;
    private const char Ypogegrammeni = '\u0345';

    /// <summary>The Unicode Character Database version of the fold's data.</summary>
    public static string UnicodeVersion => UnicodeFoldData.UnicodeVersion;

    /// <summary>
    /// Folds <paramref name="text"/> for comparison (see the type's remarks). Invalid UTF-16 becomes U+FFFD.
    /// Punctuation, spacing and tokens are left to <see cref="TextTokenizer"/>.
    /// </summary>
    public static string Fold(string? text) => Fold(text.AsSpan());

    /// <inheritdoc cref="Fold(string?)"/>
    public static string Fold(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return string.Empty;

        using var writer = new FoldWriter(text.Length + 16);
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            if (value < 0x80)
            {
                writer.AppendStarter(value is >= 'A' and <= 'Z' ? value + ('a' - 'A') : value);
            }
            else if (value is >= 0x3400 and <= 0x9FFF or >= HangulSyllableBase and <= 0xD7A3)
            {
                writer.AppendStarter(value); // Han and Hangul syllables: no mapping, class 0, the bulk of CJK text
            }
            else if (FoldTable.TryGetMapping(value, out var mapping))
            {
                foreach (var mapped in mapping)
                {
                    writer.Append(mapped);
                }
            }
            else
            {
                writer.Append(value);
            }
        }

        return writer.ToString();
    }

    /// <summary>The canonical combining class of a code point (0 for starters).</summary>
    internal static int CombiningClass(int codePoint) =>
        codePoint < 0x300 ? 0 : CombiningClassTable.Get(codePoint);

    private ref struct FoldWriter(int capacity)
    {
        private char[] _buffer = ArrayPool<char>.Shared.Rent(capacity);
        private int _length;

        // Index just past the last starter: everything after it is a run of combining marks.
        private int _marksStart;
        private bool _hasYpogegrammeni;

        public void Append(int codePoint)
        {
            _hasYpogegrammeni |= codePoint == Ypogegrammeni;
            var combiningClass = CombiningClass(codePoint);
            if (combiningClass == 0)
            {
                AppendStarter(codePoint);
            }
            else
            {
                AppendMark(codePoint, combiningClass);
            }
        }

        public void AppendStarter(int codePoint)
        {
            if (_length > 0 && _marksStart == _length && TryComposeHangul(_buffer[_length - 1], codePoint, out var syllable))
            {
                _buffer[_length - 1] = syllable;
                return;
            }

            Insert(_length, codePoint);
            _marksStart = _length;
        }

        // Canonical ordering: a mark goes after every mark before it whose class is not greater.
        private void AppendMark(int codePoint, int combiningClass)
        {
            var insertAt = _length;
            while (insertAt > _marksStart)
            {
                Rune.DecodeLastFromUtf16(_buffer.AsSpan(_marksStart, insertAt - _marksStart), out var previous, out var size);
                if (CombiningClass(previous.Value) <= combiningClass) break;
                insertAt -= size;
            }

            Insert(insertAt, codePoint);
        }

        private void Insert(int index, int codePoint)
        {
            var rune = new Rune(codePoint);
            var size = rune.Utf16SequenceLength;
            if (_length + size > _buffer.Length)
            {
                var larger = ArrayPool<char>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<char>.Shared.Return(_buffer);
                _buffer = larger;
            }

            _buffer.AsSpan(index, _length - index).CopyTo(_buffer.AsSpan(index + size));
            rune.EncodeToUtf16(_buffer.AsSpan(index));
            _length += size;
        }

        // U+0345 case-folds to the starter U+03B9, but only after canonical ordering has put it last among
        // its marks, as NFKD(casefold(NFKD(s))) does.
        public override readonly string ToString()
        {
            var text = new string(_buffer, 0, _length);
            return _hasYpogegrammeni ? text.Replace(Ypogegrammeni, '\u03B9') : text;
        }

        public void Dispose()
        {
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    // Conjoining jamo compose as in NFC: leading + vowel into an LV syllable, LV + trailing into LVT.
    private static bool TryComposeHangul(char previous, int codePoint, out char syllable)
    {
        if (previous is >= (char)LeadingJamoBase and <= (char)0x1112 && codePoint is >= VowelJamoBase and <= 0x1175)
        {
            syllable = (char)(HangulSyllableBase + (((previous - LeadingJamoBase) * VowelCount) + (codePoint - VowelJamoBase)) * TrailingCount);
            return true;
        }

        if (previous is >= (char)HangulSyllableBase and <= (char)0xD7A3 && (previous - HangulSyllableBase) % TrailingCount == 0
            && codePoint is > TrailingJamoBase and <= 0x11C2)
        {
            syllable = (char)(previous + (codePoint - TrailingJamoBase));
            return true;
        }

        syllable = default;
        return false;
    }

    private static class FoldTable
    {
        // Keys sorted; Keys[i] maps to Values[Slices[i].Start..][..Slices[i].Length].
        private static readonly (int[] Keys, (int Start, int Length)[] Slices, int[] Values) s_table = Parse();

        public static bool TryGetMapping(int codePoint, out ReadOnlySpan<int> mapping)
        {
            var (keys, slices, values) = s_table;
            var index = Array.BinarySearch(keys, codePoint);
            if (index < 0)
            {
                mapping = default;
                return false;
            }

            mapping = values.AsSpan(slices[index].Start, slices[index].Length);
            return true;
        }

        private static (int[], (int, int)[], int[]) Parse()
        {
            var entries = new List<(int Key, int Start, int Length)>(7000);
            var values = new List<int>(11000);
            foreach (var line in UnicodeFoldData.Mappings.AsSpan().EnumerateLines())
            {
                if (line.IsEmpty) continue;
                var space = line.IndexOf(' ');
                var keys = line[..space];
                var targets = line[(space + 1)..];
                var range = keys.IndexOf("..");
                if (range < 0)
                {
                    var start = values.Count;
                    foreach (var target in targets.Split(' '))
                    {
                        values.Add(Hex(targets[target]));
                    }

                    entries.Add((Hex(keys), start, values.Count - start));
                    continue;
                }

                var slash = keys.IndexOf('/');
                var step = slash < 0 ? 1 : int.Parse(keys[(slash + 1)..], CultureInfo.InvariantCulture);
                var first = Hex(keys[..range]);
                var last = Hex(slash < 0 ? keys[(range + 2)..] : keys[(range + 2)..slash]);
                var offset = Hex(targets) - first;
                for (var key = first; key <= last; key += step)
                {
                    entries.Add((key, values.Count, 1));
                    values.Add(key + offset);
                }
            }

            // A run with step 2 can interleave with single entries, so the lines' order is not the keys' order.
            entries.Sort((a, b) => a.Key.CompareTo(b.Key));
            return ([.. entries.Select(e => e.Key)], [.. entries.Select(e => (e.Start, e.Length))], [.. values]);
        }
    }

    private static class CombiningClassTable
    {
        private static readonly (int First, int Last, int Class)[] s_ranges = Parse();

        public static int Get(int codePoint)
        {
            int low = 0, high = s_ranges.Length - 1;
            while (low <= high)
            {
                var middle = low + ((high - low) / 2);
                var (first, last, combiningClass) = s_ranges[middle];
                if (codePoint < first) high = middle - 1;
                else if (codePoint > last) low = middle + 1;
                else return combiningClass;
            }

            return 0;
        }

        private static (int, int, int)[] Parse()
        {
            var ranges = new List<(int, int, int)>(400);
            foreach (var line in UnicodeFoldData.CombiningClasses.AsSpan().EnumerateLines())
            {
                if (line.IsEmpty) continue;
                var range = line.IndexOf("..");
                var space = line.IndexOf(' ');
                ranges.Add((Hex(line[..range]), Hex(line[(range + 2)..space]), int.Parse(line[(space + 1)..], CultureInfo.InvariantCulture)));
            }

            return [.. ranges];
        }
    }

    private static int Hex(ReadOnlySpan<char> digits) => int.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
