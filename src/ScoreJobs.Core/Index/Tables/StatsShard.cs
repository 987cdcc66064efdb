using ScoreJobs.Records;

namespace ScoreJobs.Index.Tables;

/// <summary>
/// One shard of one UTC day's stats in one partition of the Table index (<see cref="TableStatsAggregates"/>): per status
/// and source, the job count, the weighted scores' count, sum and histogram, and per metric the scores' count and sum.
/// </summary>
internal sealed class StatsShard
{
    /// <summary>By <c>{status value}|{1 live, 0 of a run}</c>; a cell that falls to no jobs is removed.</summary>
    public Dictionary<string, StatsCell> Cells { get; set; } = new(StringComparer.Ordinal);

    public void Apply(JobListItem item, bool live, int sign)
    {
        var key = ((int)item.Status).ToString(System.Globalization.CultureInfo.InvariantCulture) + (live ? "|1" : "|0");
        if (!Cells.TryGetValue(key, out var cell)) Cells[key] = cell = new StatsCell();
        cell.Count += sign;
        if (item.WeightedScore is { } score)
        {
            cell.Scored += sign;
            cell.Sum += sign * score;
            cell.Buckets[JobIndexEntry.BucketOf(score)] += sign;
        }

        foreach (var (name, value) in item.Scores)
        {
            if (value is not { } v) continue;
            if (!cell.Metrics.TryGetValue(name, out var metric)) cell.Metrics[name] = metric = new MetricSum();
            metric.Count += sign;
            metric.Sum += sign * v;
            if (metric.Count == 0) cell.Metrics.Remove(name);
        }

        // Back to nothing: drop the rounding dust of adding and taking out the same values.
        if (cell.Count == 0) Cells.Remove(key);
        else if (cell.Scored == 0) cell.Sum = 0;
    }

    public void Merge(StatsShard other)
    {
        foreach (var (key, cell) in other.Cells)
        {
            if (!Cells.TryGetValue(key, out var mine)) Cells[key] = mine = new StatsCell();
            mine.Count += cell.Count;
            mine.Scored += cell.Scored;
            mine.Sum += cell.Sum;
            for (var i = 0; i < mine.Buckets.Length; i++) mine.Buckets[i] += cell.Buckets[i];
            foreach (var (name, metric) in cell.Metrics)
            {
                if (!mine.Metrics.TryGetValue(name, out var m)) mine.Metrics[name] = m = new MetricSum();
                m.Count += metric.Count;
                m.Sum += metric.Sum;
            }
        }
    }

    /// <summary>Adds the cells the filter's status and source keep to <paramref name="stats"/>.</summary>
    public void AddTo(JobStatsBuilder stats, string day, JobFilter filter)
    {
        foreach (var (key, cell) in Cells)
        {
            var status = (JobStatus)int.Parse(key.AsSpan(0, key.IndexOf('|', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
            var live = key.EndsWith("|1", StringComparison.Ordinal);
            if (filter.Status is { } s && s != status) continue;
            if (filter.Source is { } source && (source == JobSource.Live) != live) continue;
            stats.Add(day, status, cell.Count, cell.Scored, cell.Sum, cell.Buckets);
            foreach (var (name, metric) in cell.Metrics) stats.AddMetric(name, metric.Count, metric.Sum);
        }
    }
}

/// <summary>The jobs of one status and source in a <see cref="StatsShard"/>.</summary>
internal sealed class StatsCell
{
    public long Count { get; set; }
    public long Scored { get; set; }
    public double Sum { get; set; }
    public long[] Buckets { get; set; } = new long[10];
    public Dictionary<string, MetricSum> Metrics { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One metric's non-null scores in a <see cref="StatsCell"/>.</summary>
internal sealed class MetricSum
{
    public long Count { get; set; }
    public double Sum { get; set; }
}
