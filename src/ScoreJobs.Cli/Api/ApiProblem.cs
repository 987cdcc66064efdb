using System.Net;
using System.Text;
using System.Text.Json;

namespace ScoreJobs.Cli.Api;

/// <summary>An RFC 7807 problem from the API, turned into sentences a person can act on.</summary>
internal sealed record ApiProblem
{
    public string? Type { get; init; }
    public string? Title { get; init; }
    public string? Detail { get; init; }
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>The error for a non-success answer to <paramref name="action"/> ("the run", "the request for run x").</summary>
    public static CliException ToException(HttpStatusCode status, string? reason, string body, string action, ServerAddress server)
    {
        var problem = TryParse(body);
        var code = (int)status;
        var statusText = $"{code} {reason ?? status.ToString()}".Trim();
        var text = new StringBuilder();
        switch (status)
        {
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                text.Append($"The server refused the key for {action} ({statusText}). Pass the right --key or set SCOREJOBS_KEY.");
                break;
            // Not one of the API's own problems: the route itself is missing (wrong root, or a host without the runs API).
            case HttpStatusCode.NotFound when problem?.Type?.StartsWith("urn:scorejobs:", StringComparison.Ordinal) != true:
                text.Append($"{server} answered {statusText} to {action}: is --url the ScoreJobs site root, and does that version serve the runs API?");
                break;
            default:
                text.Append($"The server refused {action} ({statusText})");
                text.Append(problem?.Title is { Length: > 0 } title ? $": {title}" : ".");
                if (problem?.Detail is { Length: > 0 } detail && detail != problem.Title) text.Append($"\n{detail}");
                break;
        }
        foreach (var (field, messages) in problem?.Errors ?? new Dictionary<string, string[]>())
            foreach (var message in messages)
                text.Append($"\n  {field}: {message}");
        return new CliException(text.ToString());
    }

    private static ApiProblem? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var errors = new Dictionary<string, string[]>();
            if (root.TryGetProperty("errors", out var map) && map.ValueKind == JsonValueKind.Object) Flatten(map, "", errors);
            var problem = new ApiProblem { Type = Text(root, "type"), Title = Text(root, "title"), Detail = Text(root, "detail"), Errors = errors };
            return problem.Title is null && errors.Count == 0 ? null : problem;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // The API sends {field: [messages]}; a nested object or a lone string is read too rather than lost.
    private static void Flatten(JsonElement map, string prefix, Dictionary<string, string[]> into)
    {
        foreach (var property in map.EnumerateObject())
        {
            var field = prefix + property.Name;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Array:
                    into[field] = property.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString()! : m.GetRawText()).ToArray();
                    break;
                case JsonValueKind.Object:
                    Flatten(property.Value, field + ".", into);
                    break;
                default:
                    into[field] = [property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText()];
                    break;
            }
        }
    }
}
