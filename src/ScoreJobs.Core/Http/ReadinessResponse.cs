using ScoreJobs.Health;
using System.Text.Json.Serialization;

namespace ScoreJobs.Http;

/// <summary>
/// The body of GET /api/health/ready: <c>ready</c> with every check, or (with 503) <c>not_ready</c> in the shape of a
/// problem document (<c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c> naming what failed) with the same checks.
/// </summary>
public sealed record ReadinessResponse(string Status, IReadOnlyDictionary<string, ReadinessCheck> Checks)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Detail { get; init; }
}
