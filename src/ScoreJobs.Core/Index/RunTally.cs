using System.Text.Json;
using System.Text.Json.Serialization;
using ScoreJobs.Records;

namespace ScoreJobs.Index;

/// <summary>
/// What the index keeps of a dataset run, updated in the same write as each of its jobs' entries: jobs per status,
/// and per metric (and for the weighted score) the count, sum and sum of squares of the scores and a histogram of
/// them in steps of 0.001, plus judge usage. A job's share is taken out with its old entry and put back with the new
/// one, so at-least-once delivery, a retry or a repair of the index never counts a job twice; reading a run's
/// progress and aggregates reads this, never the run's jobs.
/// </summary>
public sealed class RunTally
{
    /// <summary>The histogram's resolution: scores are counted in bins of 1/<see cref="BinsPerUnit"/>.</summary>
    public const int BinsPerUnit = 1000;

    /// <summary>The name the weighted score is tallied under, beside the metrics.</summary>
    public const string WeightedScore = "weighted_score";

    /// <summary>Jobs per status (by <see cref="JobStatus"/> value).</summary>
    public long[] Counts { get; set; } = new long[Enum.GetValues<JobStatus>().Length];

    public Dictionary<string, MetricTally> Metrics { get; set; } = new(StringComparer.Ordinal);

    public long JudgeCalls { get; set; }
    public long PromptTokens { get; set; }
    public long CompletionTokens { get; set; }
    public long CacheHits { get; set; }
    public long BatchCalls { get; set; }
    public decimal Cost { get; set; }
    public string? Currency { get; set; }

    /// <summary>The part of the calls, tokens and cost above made by attempts that never finished.</summary>
    public long RedoneCalls { get; set; }
    public long RedonePromptTokens { get; set; }
    public long RedoneCompletionTokens { get; set; }
    public decimal RedoneCost { get; set; }

    /// <summary>Of the calls above, those whose reply was never read (the provider may not have received them).</summary>
    public long CutOffCalls { get; set; }

    /// <summary>Jobs whose usage had tokens without a price: while any is counted the run's cost is unknown.</summary>
    public long Unpriced { get; set; }

    public DateTimeOffset? FirstStartedAt { get; set; }
    public DateTimeOffset? LastFinishedAt { get; set; }

    /// <summary>Jobs counted, whatever their status.</summary>
    [JsonIgnore]
    public long Total => Counts.Sum();

    public long CountOf(JobStatus status) => Counts[(int)status];

    /// <summary>Adds (<paramref name="sign"/> +1) or takes out (-1) the share of one job's list item.</summary>
    public void Apply(JobListItem item, int sign)
    {
        Counts[(int)item.Status] += sign;
        var ended = item.Status is JobStatus.Completed or JobStatus.Failed;
        foreach (var (metric, score) in item.Scores)
        {
            if (score is { } s) MetricOf(metric).Apply(s, sign);
            else if (ended && item.SkippedMetrics.Contains(metric, StringComparer.Ordinal)) MetricOf(metric).Skipped += sign;
            else if (ended) MetricOf(metric).Failed += sign;
        }

        foreach (var metric in item.FlakyMetrics ?? []) MetricOf(metric).Flaky += sign;
        if (item.WeightedScore is { } weighted) MetricOf(WeightedScore).Apply(weighted, sign);
        else if (ended) MetricOf(WeightedScore).Failed += sign;
        if (item.Usage is { } usage)
        {
            JudgeCalls += sign * usage.JudgeCalls;
            PromptTokens += sign * usage.PromptTokens;
            CompletionTokens += sign * usage.CompletionTokens;
            CacheHits += sign * usage.CacheHits;
            BatchCalls += sign * usage.BatchCalls;
            Cost += sign * (usage.Cost ?? 0);
            RedoneCalls += sign * usage.RedoneCalls;
            RedonePromptTokens += sign * usage.RedonePromptTokens;
            RedoneCompletionTokens += sign * usage.RedoneCompletionTokens;
            RedoneCost += sign * (usage.RedoneCost ?? 0);
            CutOffCalls += sign * usage.CutOffCalls;
            Currency ??= usage.Currency;
            if (usage.Cost is null && usage.TotalTokens > 0 && usage.Currency is not null) Unpriced += sign;
        }

        if (sign > 0)
        {
            if (item.StartedAt is { } started && (FirstStartedAt is null || started < FirstStartedAt)) FirstStartedAt = started;
            if (item.FinishedAt is { } finished && (LastFinishedAt is null || finished > LastFinishedAt)) LastFinishedAt = finished;
        }
    }

    /// <summary>Adds another tally (a shard of the same run) into this one.</summary>
    public void Merge(RunTally other)
    {
        for (var i = 0; i < Counts.Length && i < other.Counts.Length; i++) Counts[i] += other.Counts[i];
        foreach (var (metric, tally) in other.Metrics) MetricOf(metric).Merge(tally);
        JudgeCalls += other.JudgeCalls;
        PromptTokens += other.PromptTokens;
        CompletionTokens += other.CompletionTokens;
        CacheHits += other.CacheHits;
        BatchCalls += other.BatchCalls;
        Cost += other.Cost;
        RedoneCalls += other.RedoneCalls;
        RedonePromptTokens += other.RedonePromptTokens;
        RedoneCompletionTokens += other.RedoneCompletionTokens;
        RedoneCost += other.RedoneCost;
        CutOffCalls += other.CutOffCalls;
        Currency ??= other.Currency;
        Unpriced += other.Unpriced;
        if (other.FirstStartedAt is { } started && (FirstStartedAt is null || started < FirstStartedAt)) FirstStartedAt = started;
        if (other.LastFinishedAt is { } finished && (LastFinishedAt is null || finished > LastFinishedAt)) LastFinishedAt = finished;
    }

    public string ToJson() => JsonSerializer.Serialize(this, RunTallyJsonContext.Default.RunTally);

    public static RunTally FromJson(string json)
    {
        var tally = JsonSerializer.Deserialize(json, RunTallyJsonContext.Default.RunTally) ?? new RunTally();
        // A tally written before a status was added has fewer counts.
        if (tally.Counts.Length < Enum.GetValues<JobStatus>().Length)
        {
            var counts = tally.Counts;
            Array.Resize(ref counts, Enum.GetValues<JobStatus>().Length);
            tally.Counts = counts;
        }
        return tally;
    }

    private MetricTally MetricOf(string metric)
    {
        if (!Metrics.TryGetValue(metric, out var tally)) Metrics[metric] = tally = new MetricTally();
        return tally;
    }
}
