using System.Collections;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ScoreJobs.Testing.Dify;

/// <summary>
/// Renders an HTTP Request node's template and builds its body the way Dify does (api/core/variables/segments.py and
/// api/core/workflow/nodes/http_request/executor.py), so tests send what Dify really sends. Variables are C# values
/// standing for Python ones: string, bool, int/long/double, null, a dictionary (a Python dict) and a list.
/// </summary>
public static partial class DifyTemplate
{
    /// <summary>Replaces each <c>{{#node.var#}}</c> by its segment's <c>text</c>; nothing is escaped for the surrounding syntax.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, object?> variables) =>
        Variable().Replace(template, match => variables.TryGetValue(match.Groups[1].Value, out var value)
            ? Text(value)
            : throw new KeyNotFoundException($"the template names {match.Value}, which the test does not define"));

    /// <summary>
    /// A segment's <c>text</c>: a string as is; none as empty; a number or boolean as Python's str(); an object as
    /// json.dumps(ensure_ascii=False); an array of strings as JSON; any other array as Python's str(); an empty array as empty.
    /// </summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string text => text,
        IDictionary dict => PythonJsonDumps(dict),
        IList { Count: 0 } => "",
        IList list when list.Cast<object?>().All(item => item is string) => PythonJsonDumps(list),
        IList list => PythonStr(list),
        _ => PythonStr(value),
    };

    /// <summary>Python's str() of a value: repr() for what is inside a list or dict.</summary>
    public static string PythonStr(object? value) => value is string text ? text : PythonRepr(value);

    /// <summary>Python's repr(): single quotes unless the string holds one and no double quote, None/True/False, nested containers.</summary>
    public static string PythonRepr(object? value) => value switch
    {
        null => "None",
        true => "True",
        false => "False",
        string text => ReprString(text),
        double number when double.IsInteger(number) && Math.Abs(number) < 1e16 => number.ToString("0.0", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal),
        IFormattable number and (int or long) => number.ToString(null, CultureInfo.InvariantCulture),
        IDictionary dict => "{" + string.Join(", ", dict.Keys.Cast<object>().Select(k => $"{PythonRepr(k)}: {PythonRepr(dict[k])}")) + "}",
        IList list => "[" + string.Join(", ", list.Cast<object?>().Select(PythonRepr)) + "]",
        _ => throw new ArgumentException($"no Python form for {value.GetType()}", nameof(value)),
    };

    /// <summary>The json body: json.loads(text, strict=False) (null when Dify would fail the node), then sent as JSON.</summary>
    public static HttpContent? JsonBody(string rendered)
    {
        var parsed = PythonJsonLoads(rendered);
        return parsed is null ? null : new StringContent(parsed.ToJsonString(), Encoding.UTF8, "application/json");
    }

    /// <summary>The raw-text body: the rendered text as is, with the Content-Type the user set on the node (none by default).</summary>
    public static HttpContent RawTextBody(string rendered, string? contentType = "text/plain")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(rendered));
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>The x-www-form-urlencoded body: each key and value rendered.</summary>
    public static HttpContent FormUrlEncodedBody(IEnumerable<KeyValuePair<string, string>> fields, IReadOnlyDictionary<string, object?> variables) =>
        new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(Render(f.Key, variables), Render(f.Value, variables))));

    /// <summary>The form-data body: text fields rendered, and with no file Dify's empty <c>__multipart_placeholder__</c> file part.</summary>
    public static HttpContent MultipartBody(IEnumerable<KeyValuePair<string, string>> fields, IReadOnlyDictionary<string, object?> variables)
    {
        var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields) content.Add(new StringContent(Render(value, variables), Encoding.UTF8), Render(key, variables));
        var placeholder = new ByteArrayContent([]);
        placeholder.Headers.ContentType = MediaTypeHeaderValue.Parse("application/octet-stream");
        content.Add(placeholder, "__multipart_placeholder__", "\"\"");
        return content;
    }

    /// <summary>
    /// Python's json.loads(text, strict=False): raw control characters are allowed inside strings, nothing else is
    /// forgiven. Null when Python would raise JSONDecodeError ("Failed to parse JSON" in Dify).
    /// </summary>
    public static JsonNode? PythonJsonLoads(string text)
    {
        var escaped = new StringBuilder(text.Length);
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString && c == '\\' && i + 1 < text.Length)
            {
                escaped.Append(c).Append(text[++i]);
                continue;
            }

            if (c == '"') inString = !inString;
            if (inString && c < ' ') escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else escaped.Append(c);
        }

        try
        {
            return JsonNode.Parse(escaped.ToString()) ?? JsonValue.Create((string?)null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>json.dumps(value, ensure_ascii=False) with its default separators.</summary>
    public static string PythonJsonDumps(object? value) => value switch
    {
        null => "null",
        true => "true",
        false => "false",
        string text => JsonString(text),
        double number when double.IsInteger(number) && Math.Abs(number) < 1e16 => number.ToString("0.0", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal),
        IFormattable number and (int or long) => number.ToString(null, CultureInfo.InvariantCulture),
        IDictionary dict => "{" + string.Join(", ", dict.Keys.Cast<object>().Select(k => $"{JsonString(k.ToString()!)}: {PythonJsonDumps(dict[k])}")) + "}",
        IList list => "[" + string.Join(", ", list.Cast<object?>().Select(PythonJsonDumps)) + "]",
        _ => throw new ArgumentException($"no JSON form for {value.GetType()}", nameof(value)),
    };

    private static string JsonString(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private static string ReprString(string text)
    {
        var quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder().Append(quote);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                < ' ' or '\x7f' => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => c.ToString(),
            });
        }

        return builder.Append(quote).ToString();
    }

    [GeneratedRegex(@"\{\{#([A-Za-z0-9_]{1,50}(?:\.[A-Za-z_][A-Za-z0-9_]{0,29}){1,10})#\}\}")]
    private static partial Regex Variable();
}
