using System.Globalization;
using System.Text;
using Spectre.Console;

namespace ScoreJobs.Cli.Rendering;

/// <summary>
/// Text from a server, made safe to print: Spectre's markup escaping, and what it leaves alone. Control characters (an
/// ESC sequence clears or rewrites the terminal, a line break starts a line the server chose) and bidirectional
/// overrides are shown as <c>\u001B</c>-style escapes, and a line starting <c>::</c> (a GitHub Actions workflow command)
/// is indented, so no name, id or message from a server acts on the terminal or the CI log.
/// </summary>
internal static class TerminalText
{
    /// <summary><paramref name="text"/> as plain text, safe for the terminal.</summary>
    public static string Plain(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        StringBuilder? built = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                built ??= new StringBuilder(text, 0, i, text.Length + 16);
                built.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                built?.Append(c);
            }
        }

        var safe = built?.ToString() ?? text;
        return safe.StartsWith("::", StringComparison.Ordinal) ? " " + safe : safe;
    }

    /// <summary><paramref name="text"/> safe for the terminal and escaped for Spectre markup.</summary>
    public static string Escape(string? text) => Markup.Escape(Plain(text));

    /// <summary>
    /// <see cref="Escape"/> line by line, keeping the line breaks of a message the CLI built over several lines (a
    /// problem's field errors): each line is still safe, a line starting <c>::</c> included.
    /// </summary>
    public static string EscapeLines(string? text) =>
        string.Join('\n', (text ?? "").ReplaceLineEndings("\n").Split('\n').Select(Escape));
}
