using System.Text.Json.Serialization;
using ScoreJobs.Jobs;
using ScoreJobs.Records;

namespace ScoreJobs.Http;

/// <summary>The 202 body of POST /api/score/async.</summary>
public sealed record SubmitResponse(string JobId, JobStatus Status, DateTimeOffset CreatedAt, string StatusUrl)
{
    /// <summary>Top-level fields of the request that were not read (unknown names, typos), so a client sees them at once.</summary>
    public IReadOnlyList<string> IgnoredFields { get; init; } = [];

    /// <summary>What was read otherwise than the client may expect; also on the record.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Warnings { get; init; }
}
