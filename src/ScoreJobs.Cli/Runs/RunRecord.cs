namespace ScoreJobs.Cli.Runs;

/// <summary>GET /api/score/runs/{run_id}: a run's progress and, once it ends, its aggregates and verdict.</summary>
internal sealed record RunRecord
{
    public required string RunId { get; init; }
    public string? Name { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int Samples { get; init; }
    public RunCounts Counts { get; init; } = new();
    public IReadOnlyList<string>? Metrics { get; init; }
    public IReadOnlyDictionary<string, double>? Weights { get; init; }
    public IReadOnlyDictionary<string, double>? Thresholds { get; init; }
    public IReadOnlyDictionary<string, MetricAggregate>? Aggregates { get; init; }

    /// <summary>Every thresholded metric's mean met its threshold; null until the run ends.</summary>
    public bool? Passed { get; init; }

    /// <summary>The server's reasons when <see cref="Passed"/> is false.</summary>
    public string? PassedReason { get; init; }

    /// <summary>The share of its samples a thresholded metric must score for the run to pass.</summary>
    public double? MinCoverage { get; init; }

    public RunUsage? Usage { get; init; }

    /// <summary>When the run's samples carry labels: the judge's agreement with them, per metric.</summary>
    public IReadOnlyDictionary<string, MetricAgreement>? Agreement { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public string? Error { get; init; }

    public bool HasEnded => Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;

    /// <summary>Samples that will not change any more.</summary>
    public int Done => Counts.Completed + Counts.Failed + Counts.Cancelled;
}
