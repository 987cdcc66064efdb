using System.Globalization;

namespace ScoreJobs.Text;

/// <summary>
/// Control characters (C0, DEL, C1) and the bidirectional overrides have no place in a name, an id or a tag: a terminal
/// runs ESC sequences, CI logs read a line starting <c>::</c> as a command, and an override reorders what a reader sees.
/// </summary>
internal static class ControlCharacters
{
    /// <summary>The first such character in <paramref name="text"/>, as a sentence ending naming it; null when there is none.</summary>
    public static string? Problem(string? text)
    {
        if (text is null) return null;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsRefused(text[i]))
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"must not contain control characters (U+{(int)text[i]:X4} at position {i + 1}): names, ids and tags are printed in terminals and logs");
            }
        }

        return null;
    }

    public static bool IsRefused(char c) => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
