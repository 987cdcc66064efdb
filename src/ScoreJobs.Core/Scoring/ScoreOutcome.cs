using System.Text.Json.Serialization;
using ScoreJobs.Judge;
using ScoreJobs.Metrics;

namespace ScoreJobs.Scoring;

/// <summary>The result of scoring one request: what the sync endpoint returns and what a finished job records.</summary>
public sealed record ScoreOutcome
{
    /// <summary>Every selected metric's score; skipped and failed metrics are null (never 0).</summary>
    public required IReadOnlyDictionary<string, double?> Scores { get; init; }
    public required IReadOnlyDictionary<string, MetricResult> Details { get; init; }
    public double? WeightedScore { get; init; }
    public required IReadOnlyList<string> SkippedMetrics { get; init; }
    public long LatencyMs { get; init; }
    public required TokenUsage Usage { get; init; }
    public required IReadOnlyDictionary<string, double> Weights { get; init; }
    public string? PromptVersion { get; init; }

    /// <summary>What the request was read as otherwise than sent (the synchronous route's answer only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>Top-level request fields that were not read (the synchronous route's answer only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? IgnoredFields { get; init; }

    /// <summary>True when at least one metric produced a score.</summary>
    public bool AnyScored => Scores.Values.Any(s => s.HasValue);
}
