using ScoreJobs.Text;
using ScoreJobs.Judge;
using System.Text.Json.Serialization;
using ScoreJobs.Callbacks;
using ScoreJobs.Metrics;
using ScoreJobs.Requests;

namespace ScoreJobs.Records;

/// <summary>
/// A job as list pages, indexes and blob metadata show it: every field of its record but the full request, the
/// per-metric details and people's labels (<see cref="JobRecord"/> adds those). The contract's fields come first;
/// <see cref="Weights"/>, <see cref="Attempts"/>, <see cref="Usage"/>, <see cref="PromptVersion"/> and
/// <see cref="Callback"/> are additions.
/// </summary>
public record JobListItem
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

    /// <summary>What was read otherwise than the client may expect (see <see cref="ScoreRequest.Warnings"/>); plain sentences.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Warnings { get; init; }

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

    /// <summary>The dataset run this job scores a sample of; null for a job submitted on its own.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RunId { get; init; }

    /// <summary>The sample's id within its run (its <c>id</c>, else its 1-based line or index).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SampleId { get; init; }

    /// <summary>The metrics whose repeats straddled their threshold (<c>"repeats"</c> above 1, <c>details.{m}.flaky</c>), so run tallies can count them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? FlakyMetrics { get; init; }

    /// <summary>
    /// Set when a run's retry queued this job again: the metrics to score afresh (those that failed); the others keep
    /// their scores. Cleared when the job finishes.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? RetryMetrics { get; init; }

    /// <summary>
    /// Why a queued job is not being started: <c>budget</c> while the daily judge budget is spent (it starts once the next
    /// UTC day begins or the budget is raised). Null otherwise; cleared when the job starts. Lists show it, so a page can say why a job waits.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Waiting { get; init; }

    [JsonIgnore]
    public bool IsFinished => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;

    /// <summary>Just the list item of <paramref name="job"/>, a record or an item.</summary>
    public static JobListItem Of(JobListItem job) => new(job);
}
