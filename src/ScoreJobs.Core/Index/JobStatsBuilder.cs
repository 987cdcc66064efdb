using ScoreJobs.Records;
using System.Text.Json;

namespace ScoreJobs.Index;

/// <summary>Adds up entries, or ready aggregates of them, into the records page's <see cref="JobStats"/>.</summary>
internal sealed class JobStatsBuilder
{
    private readonly Dictionary<string, long> _byStatus =
        Enum.GetValues<JobStatus>().ToDictionary(StatusName, _ => 0L, StringComparer.Ordinal);

    private readonly long[] _buckets = new long[10];
    private readonly SortedDictionary<string, (long Count, double Sum, long Scored)> _daily = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (long Count, double Sum)> _metrics = new(StringComparer.Ordinal);
    private long _total;
    private long _scored;
    private double _sum;

    public static string StatusName(JobStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    /// <summary>One list item.</summary>
    public void Add(JobListItem item)
    {
        Span<long> buckets = stackalloc long[10];
        var scored = 0L;
        if (item.WeightedScore is { } score)
        {
            buckets[JobIndexEntry.BucketOf(score)] = 1;
            scored = 1;
        }

        Add(JobIndexEntry.DayOf(item.CreatedAt), item.Status, 1, scored, item.WeightedScore ?? 0, buckets);
        foreach (var (metric, value) in item.Scores)
        {
            if (value is { } v) AddMetric(metric, 1, v);
        }
    }

    /// <summary><paramref name="count"/> jobs of one day and status, <paramref name="scored"/> of them with a weighted score summing to <paramref name="sum"/>.</summary>
    public void Add(string day, JobStatus status, long count, long scored, double sum, ReadOnlySpan<long> buckets)
    {
        if (count == 0) return;
        _total += count;
        _byStatus[StatusName(status)] += count;
        _scored += scored;
        _sum += sum;
        for (var i = 0; i < _buckets.Length; i++) _buckets[i] += buckets[i];
        var (dayCount, daySum, dayScored) = _daily.GetValueOrDefault(day);
        _daily[day] = (dayCount + count, daySum + sum, dayScored + scored);
    }

    /// <summary><paramref name="count"/> non-null scores of <paramref name="metric"/> summing to <paramref name="sum"/>.</summary>
    public void AddMetric(string metric, long count, double sum)
    {
        if (count == 0) return;
        var (c, s) = _metrics.GetValueOrDefault(metric);
        _metrics[metric] = (c + count, s + sum);
    }

    public JobStats Build() => new()
    {
        Total = _total,
        ByStatus = _byStatus,
        MeanWeightedScore = Mean(_sum, _scored),
        Histogram = [.. _buckets.Select((count, i) => new ScoreBucket(i / 10.0, (i + 1) / 10.0, count))],
        Daily = [.. _daily.Where(d => d.Value.Count > 0).Select(d => new DailyStats(d.Key, d.Value.Count, Mean(d.Value.Sum, d.Value.Scored)))],
        Metrics = _metrics.Where(m => m.Value.Count > 0).ToDictionary(m => m.Key, m => new MetricStats(m.Value.Count, Mean(m.Value.Sum, m.Value.Count)), StringComparer.Ordinal),
        Truncated = false,
    };

    private static double? Mean(double sum, long count) => count > 0 ? Math.Round(sum / count, 6) : null;
}
