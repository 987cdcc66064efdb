using System.Text.Json;

namespace ScoreJobs.Cli.Json;

/// <summary>The API's JSON: snake_case names, map keys (metric names, tags) as they are.</summary>
internal static class WireJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
