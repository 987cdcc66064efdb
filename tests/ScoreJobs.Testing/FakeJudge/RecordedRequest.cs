using System.Text.Json;
using System.Text.RegularExpressions;

namespace ScoreJobs.Testing.FakeJudge;

/// <summary>One request as the fake judge received it: what a test asserts about the wire.</summary>
public sealed partial record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    private JsonElement? _json;

    public bool IsChat => Path.EndsWith("/chat/completions", StringComparison.Ordinal);

    public bool IsEmbeddings => Path.EndsWith("/embeddings", StringComparison.Ordinal);

    /// <summary>The query string without its <c>?</c> (Azure's <c>api-version=...</c>), empty when there is none.</summary>
    public string Query { get; init; } = "";

    /// <summary>The Azure OpenAI deployment of a classic request (<c>/openai/deployments/{deployment}/...</c>), else null.</summary>
    public string? Deployment => DeploymentPath().Match(Path) is { Success: true } match ? Uri.UnescapeDataString(match.Groups[1].Value) : null;

    /// <summary>A query parameter's value, or null.</summary>
    public string? QueryValue(string name) => Query.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .Where(pair => Uri.UnescapeDataString(pair[0]) == name)
        .Select(pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : "")
        .FirstOrDefault();

    /// <summary>The body as JSON (an undefined element when the body is not JSON).</summary>
    public JsonElement Json => _json ??= TryParse(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? Model => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("model", out var m) ? m.GetString() : null;

    /// <summary>The system message (chat requests).</summary>
    public string SystemMessage => Message("system");

    /// <summary>The user message (chat requests).</summary>
    public string UserMessage => Message("user");

    /// <summary>
    /// Which prompt this is: the json_schema name, or without one the <c>format `name`</c> marker the client puts
    /// into the system message when it falls back to JSON mode or plain text.
    /// </summary>
    public string? ReplyFormat
    {
        get
        {
            if (Json.ValueKind == JsonValueKind.Object
                && Json.TryGetProperty("response_format", out var format)
                && format.TryGetProperty("json_schema", out var schema)
                && schema.TryGetProperty("name", out var name))
            {
                return name.GetString();
            }

            var marker = FormatMarker().Match(SystemMessage);
            return marker.Success ? marker.Groups[1].Value : null;
        }
    }

    /// <summary>The response_format type sent: json_schema, json_object, text, or null when none was sent.</summary>
    public string? ResponseFormatType =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("response_format", out var format) && format.TryGetProperty("type", out var type)
            ? type.GetString()
            : null;

    /// <summary>The inputs of an embeddings request.</summary>
    public IReadOnlyList<string> EmbeddingInputs =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("input", out var input)
            ? input.ValueKind == JsonValueKind.Array ? [.. input.EnumerateArray().Select(i => i.GetString() ?? "")] : [input.GetString() ?? ""]
            : [];

    /// <summary>The text inside <c>&lt;tag&gt;...&lt;/tag&gt;</c> of the user message, or null.</summary>
    public string? Tagged(string tag)
    {
        var match = Regex.Match(UserMessage, $"<{tag}>\\n(.*?)\\n</{tag}>", RegexOptions.Singleline);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>How many <c>&lt;item id="n"&gt;</c> elements the user message numbers.</summary>
    public int CountNumbered(string itemTag) => Regex.Count(UserMessage, $"<{itemTag} id=\"\\d+\">");

    private string Message(string role)
    {
        if (Json.ValueKind != JsonValueKind.Object || !Json.TryGetProperty("messages", out var messages)) return "";
        foreach (var message in messages.EnumerateArray())
        {
            if (message.GetProperty("role").GetString() != role) continue;
            var content = message.GetProperty("content");
            return content.ValueKind == JsonValueKind.String
                ? content.GetString() ?? ""
                : string.Concat(content.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : ""));
        }

        return "";
    }

    private static JsonElement TryParse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    [GeneratedRegex("^(?:/.*)?/openai/deployments/([^/]+)/")]
    private static partial Regex DeploymentPath();

    [GeneratedRegex(@"format `([a-z0-9_]+)`")]
    private static partial Regex FormatMarker();
}
