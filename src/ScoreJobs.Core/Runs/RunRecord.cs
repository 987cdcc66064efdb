using ScoreJobs.Callbacks;
using System.Text.Json.Serialization;
using ScoreJobs.Judge;

namespace ScoreJobs.Runs;

/// <summary>
/// A dataset run as GET /api/score/runs/{run_id} returns it (CONTRACT.md "Run record"): the manifest's settings with
/// progress, aggregates and usage from the job index's tally of the run, so it costs the same at any size.
/// <see cref="CancelRequested"/>, <see cref="Mode"/>, <see cref="Batch"/>, <see cref="Cache"/>, <see cref="Retries"/> and
/// <see cref="JobsUrl"/> are additions.
/// </summary>
public sealed record RunRecord
{
    public required string RunId { get; init; }
    public string? Name { get; init; }
    public required RunStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public required int Samples { get; init; }
    public required RunCounts Counts { get; init; }
    public IReadOnlyList<string> Metrics { get; init; } = [];
    public IReadOnlyDictionary<string, double>? Weights { get; init; }
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();
    public IReadOnlyDictionary<string, RunAggregate> Aggregates { get; init; } = new Dictionary<string, RunAggregate>();

    /// <summary>True when every thresholded metric's mean meets its threshold; null until the run ends.</summary>
    public bool? Passed { get; init; }

    /// <summary>Why <see cref="Passed"/> is false: each threshold missed and each thresholded metric scored on too few samples.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PassedReason { get; init; }

    /// <summary>The share of its samples each thresholded metric must score for the run to pass.</summary>
    public double MinCoverage { get; init; } = ScoreJobsOptions.DefaultMinCoverage;
    public required TokenUsage Usage { get; init; }

    /// <summary>
    /// When its samples carry labels: per metric (and <c>weighted_score</c>, and <c>rating</c>), how far the judge agrees
    /// with them: <c>{n, spearman, kappa}</c>, kappa at the run's threshold for the metric, else 0.5.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, Statistics.MetricAgreement>? Agreement { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public string? Error { get; init; }

    public string? JudgeModel { get; init; }
    public string? EmbeddingModel { get; init; }
    public string Mode { get; init; } = "live";

    /// <summary>A batch-mode run's batches and where its batch phase stands; absent for a live run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RunBatchView? Batch { get; init; }
    public bool Cache { get; init; } = true;

    /// <summary>How many times each judge metric is asked of every sample (<c>"repeats"</c>); the aggregates count flaky samples.</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>A cancel was asked for: samples not started end cancelled; those running finish.</summary>
    public bool CancelRequested { get; init; }

    /// <summary>How many times a retry was asked for.</summary>
    public int Retries { get; init; }

    /// <summary>The callback asked for (its URL, where it stands, every attempt), when there is one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CallbackState? Callback { get; init; }

    /// <summary>Where the run's jobs are listed.</summary>
    [JsonPropertyOrder(100)]
    public string JobsUrl => "/api/score/jobs?run_id=" + RunId;

    [JsonIgnore]
    public bool IsFinished => Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;
}
