using System.Text.Json.Serialization;
using ScoreJobs.Runs;

namespace ScoreJobs.Http;

/// <summary>The 202 body of POST /api/score/runs.</summary>
public sealed record SubmitRunResponse(string RunId, RunStatus Status, int Samples, DateTimeOffset CreatedAt, string StatusUrl)
{
    /// <summary>For a CSV run, the header columns that were read.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ColumnsRead { get; init; }

    /// <summary>For a CSV run, the header columns that were ignored, each with the field it likely meant.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ColumnsIgnored { get; init; }
}
