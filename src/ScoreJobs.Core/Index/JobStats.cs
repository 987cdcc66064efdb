namespace ScoreJobs.Index;

/// <summary>The whole at a glance: counts, mean, score distribution, daily trend and per-metric means.</summary>
public sealed record JobStats
{
    public long Total { get; init; }
    public required IReadOnlyDictionary<string, long> ByStatus { get; init; }
    public double? MeanWeightedScore { get; init; }
    public required IReadOnlyList<ScoreBucket> Histogram { get; init; }
    public required IReadOnlyList<DailyStats> Daily { get; init; }
    public required IReadOnlyDictionary<string, MetricStats> Metrics { get; init; }

    /// <summary>
    /// Live calls sampling left out (<c>ScoreJobs__Sampling__Rate</c>) on the filter's days; null when the filter asks for
    /// something such a call cannot have (a status, a run, a score, text, a tag other than one <c>app:</c>).
    /// </summary>
    public long? NotSampled { get; init; }

    /// <summary>Always false: stats come from the job index and cover every matching record. Kept so clients that read it keep working.</summary>
    public bool Truncated { get; init; }
}
