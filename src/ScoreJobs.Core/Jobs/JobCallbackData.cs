using ScoreJobs.Records;

namespace ScoreJobs.Jobs;

/// <summary>The <c>data</c> of a job's callback: the finished job's summary, without the request or per-metric details.</summary>
internal sealed record JobCallbackData
{
    public required string JobId { get; init; }
    public required JobStatus Status { get; init; }
    public double? WeightedScore { get; init; }
    public required IReadOnlyDictionary<string, double?> Scores { get; init; }
    public required IReadOnlyList<string> SkippedMetrics { get; init; }
    public string? Error { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public long LatencyMs { get; init; }

    /// <summary>The request's metadata tags (a Dify workflow run id, say), so the receiver can match the job to its run.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Where the full record is: GET this path on the ScoreJobs base URL.</summary>
    public required string RecordPath { get; init; }
}
