using ScoreJobs.Judge;
using System.Text.Json.Serialization;
using ScoreJobs.Callbacks;
using ScoreJobs.Metrics;
using ScoreJobs.Requests;

namespace ScoreJobs.Records;

/// <summary>
/// The job record of CONTRACT.md, persisted as <c>{job_id}.json</c> and returned by the API.
/// The contract's fields come first; <see cref="Details"/>, <see cref="Weights"/>, <see cref="Attempts"/>,
/// <see cref="Usage"/>, <see cref="PromptVersion"/>, <see cref="Callback"/> and <see cref="Request"/> are additions.
/// </summary>
public sealed record JobRecord
{
    public required string JobId { get; init; }
    public required JobStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public required RequestSummary RequestSummary { get; init; }
    public IReadOnlyDictionary<string, double?> Scores { get; init; } = new Dictionary<string, double?>();
    public double? WeightedScore { get; init; }
    public long LatencyMs { get; init; }
    public IReadOnlyList<string> SkippedMetrics { get; init; } = [];
    public string? Error { get; init; }

    /// <summary>Per-metric outcome: score, status, reason, error kind, model, tokens, latency.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, MetricResult>? Details { get; init; }

    /// <summary>The weights the weighted score used.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? Weights { get; init; }

    /// <summary>How many times a worker started this job (more than 1 after a crash or a storage fault).</summary>
    public int Attempts { get; init; }

    /// <summary>Judge calls and tokens spent on this job.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TokenUsage? Usage { get; init; }

    /// <summary>The version of the judge prompts that scored this job, when a judge metric ran.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PromptVersion { get; init; }

    /// <summary>The callback the client asked for: its URL, where it stands, and every delivery attempt.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CallbackState? Callback { get; init; }

    /// <summary>The full request. Kept in storage and returned by get; list pages omit it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScoreRequest? Request { get; init; }

    [JsonIgnore]
    public bool IsFinished => Status is JobStatus.Completed or JobStatus.Failed;

    /// <summary>The record as list pages show it: no full request and no per-metric details.</summary>
    public JobRecord ToListItem() => this with { Request = null, Details = null };
}
