using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ScoreJobs.Requests;

/// <summary>
/// Parses a request body as leniently as Dify's HTTP node does (Python's <c>json.loads(text, strict=False)</c>): raw
/// control characters, such as the line break of a substituted multi-line answer, are accepted inside strings. And when
/// a body still is not JSON, says where (line and column, in characters) and what most likely broke it.
/// </summary>
internal static class LenientJson
{
    /// <summary>Where a Dify user finds the recipe that cannot break: a Code node that returns the body as an object.</summary>
    public const string RecipeHint = "build the body in a Code node and send {{#code.payload#}} (docs/dify.md)";

    /// <summary>
    /// Parses <paramref name="utf8"/>. System.Text.Json has no option to accept raw control characters inside strings
    /// (JSON forbids them, Python's strict=False allows them), so those are escaped first, in a copy made only when
    /// one occurs; a parse error's position is mapped back to the text as sent.
    /// </summary>
    /// <exception cref="LenientJsonException">The text is not JSON even so.</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, JsonDocumentOptions options)
    {
        if (utf8.Span.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        var (escaped, map) = EscapeControlCharacters(utf8.Span);
        try
        {
            return JsonDocument.Parse(escaped is null ? utf8 : escaped, options);
        }
        catch (JsonException ex)
        {
            var offset = OffsetOf(escaped ?? utf8.Span, ex);
            throw new LenientJsonException(ex.Message, map is null || offset is null ? offset : map[Math.Min(offset.Value, map.Length - 1)], utf8.ToArray(), ex);
        }
    }

    /// <summary>The 400's sentence for a body that is not JSON: content type, position, likely cause and its fix.</summary>
    public static string Explain(LenientJsonException ex, string? contentType)
    {
        var sentAs = string.IsNullOrWhiteSpace(contentType) ? "sent with no Content-Type" : $"sent as {contentType}";
        var text = ex.Body;
        if (text.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return $"is empty ({sentAs}): send a JSON object with at least a 'question'";
        }

        if (ex.Offset is not { } offset) return $"is not valid JSON ({sentAs}): {RecipeHint}";

        var (line, column) = Position(text, offset);
        return string.Create(CultureInfo.InvariantCulture, $"is not valid JSON ({sentAs}): at line {line}, column {column}, {Cause(text, offset)}");
    }

    private static string Cause(byte[] text, int offset)
    {
        var at = offset;
        while (at < text.Length && text[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') at++;
        var before = offset - 1;
        while (before >= 0 && text[before] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') before--;
        var next = at < text.Length ? text[at] : (byte)0;
        var previous = before >= 0 ? text[before] : (byte)0;

        if (at >= text.Length)
        {
            return $"the text ends too early (a string, array or object is never closed, or the body was cut off): check the template's brackets and quotes, or {RecipeHint}";
        }

        if (next == '\'' || (previous is (byte)'[' or (byte)'{' or (byte)',' && next == '\''))
        {
            return "single quotes: a Python list (a Dify Knowledge Retrieval result, rendered as Python's str()) was substituted without quotes, " +
                   $"as in \"contexts\": {{{{#knowledge.result#}}}}: {RecipeHint}, or put the variable in double quotes";
        }

        if (next is (byte)'N' or (byte)'T' or (byte)'F' && StartsWithWord(text.AsSpan(at), out var word))
        {
            return $"'{word}' is Python, not JSON (a Python value was substituted without quotes): {RecipeHint}";
        }

        if (previous == ':' && next is (byte)',' or (byte)'}')
        {
            return $"a field has no value: a variable rendered as nothing (Dify renders an empty array or a missing value as empty text): {RecipeHint}";
        }

        if (previous == '"' && next is not ((byte)',' or (byte)'}' or (byte)']' or (byte)':'))
        {
            return "a double quote inside a substituted value (such as the answer) ended the JSON string early: " +
                   $"{RecipeHint}, which renders the value as JSON with its quotes escaped";
        }

        if (previous == '\\' || (at > 0 && text[at - 1] == '\\'))
        {
            return $"a backslash inside a substituted value starts an escape JSON does not know: {RecipeHint}";
        }

        return $"the template does not render to JSON here: {RecipeHint}";
    }

    private static bool StartsWithWord(ReadOnlySpan<byte> text, out string word)
    {
        foreach (var candidate in new[] { "None", "True", "False" })
        {
            if (text.StartsWith(Encoding.ASCII.GetBytes(candidate)))
            {
                word = candidate;
                return true;
            }
        }

        word = "";
        return false;
    }

    /// <summary>A copy with raw control characters inside strings escaped and a map from its offsets to the original's; nulls when none occurs.</summary>
    private static (byte[]? Escaped, int[]? Map) EscapeControlCharacters(ReadOnlySpan<byte> utf8)
    {
        var first = -1;
        var inString = false;
        for (var i = 0; i < utf8.Length && first < 0; i++)
        {
            var b = utf8[i];
            if (inString && b == '\\') i++;
            else if (b == '"') inString = !inString;
            else if (inString && b < 0x20) first = i;
        }

        if (first < 0) return (null, null);

        var escaped = new List<byte>(utf8.Length + 16);
        var map = new List<int>(utf8.Length + 16);
        inString = false;
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (inString && b == '\\' && i + 1 < utf8.Length)
            {
                Add(b, i);
                Add(utf8[++i], i);
                continue;
            }

            if (b == '"') inString = !inString;
            if (inString && b < 0x20)
            {
                var escape = b switch
                {
                    (byte)'\n' => "\\n",
                    (byte)'\r' => "\\r",
                    (byte)'\t' => "\\t",
                    _ => string.Create(CultureInfo.InvariantCulture, $"\\u{b:x4}"),
                };
                foreach (var c in escape) Add((byte)c, i);
            }
            else
            {
                Add(b, i);
            }
        }

        map.Add(utf8.Length);
        return (escaped.ToArray(), map.ToArray());

        void Add(byte b, int from)
        {
            escaped.Add(b);
            map.Add(from);
        }
    }

    /// <summary>The byte offset of a parse error, from its 0-based line and byte position in that line.</summary>
    private static int? OffsetOf(ReadOnlySpan<byte> text, JsonException ex)
    {
        if (ex.LineNumber is not { } line || ex.BytePositionInLine is not { } position) return null;
        var start = 0;
        for (long l = 0; l < line; l++)
        {
            var next = text[start..].IndexOf((byte)'\n');
            if (next < 0) return text.Length;
            start += next + 1;
        }

        return (int)Math.Min(text.Length, start + position);
    }

    /// <summary>1-based line and column, counted in characters as an editor shows them.</summary>
    private static (int Line, int Column) Position(byte[] text, int offset)
    {
        var span = text.AsSpan(0, Math.Min(offset, text.Length));
        var line = span.Count((byte)'\n') + 1;
        var lineStart = span.LastIndexOf((byte)'\n') + 1;
        return (line, Encoding.UTF8.GetCharCount(span[lineStart..]) + 1);
    }
}

/// <summary>A body that is not JSON even read leniently; <see cref="Offset"/> is the byte offset of the error in <see cref="Body"/>.</summary>
internal sealed class LenientJsonException(string message, int? offset, byte[] body, Exception inner) : JsonException(message, inner)
{
    public int? Offset { get; } = offset;
    public byte[] Body { get; } = body;
}
