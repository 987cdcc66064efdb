using ScoreJobs.Records;
using System.Globalization;
using System.Text.Json;
using ScoreJobs.Storage;

namespace ScoreJobs.Jobs;

/// <summary>
/// The records page's overview: counts by status, the mean weighted score, its distribution, the daily trend and
/// per-metric means over the records matching a filter, from one pass over the store's list items.
/// </summary>
public sealed class JobStatistics(IJobStore store)
{
    /// <summary>How many records one stats call reads at the most; past it the result says <c>truncated</c>.</summary>
    public const int MaxScanPerStatsCall = 200_000;

    public async Task<JobStats> ComputeAsync(JobFilter filter, CancellationToken cancellationToken)
    {
        var byStatus = Enum.GetValues<JobStatus>().ToDictionary(s => JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString()), _ => 0L);
        var buckets = new long[10];
        var daily = new SortedDictionary<string, (long Count, double Sum, long Scored)>(StringComparer.Ordinal);
        var metrics = new SortedDictionary<string, (long Count, double Sum)>(StringComparer.Ordinal);
        long total = 0, scored = 0, scanned = 0;
        double sum = 0;
        var truncated = false;

        await foreach (var item in store.ListItemsAsync(null, 5000, cancellationToken).ConfigureAwait(false))
        {
            if (filter.IsPastOldest(item)) break;
            if (++scanned > MaxScanPerStatsCall)
            {
                truncated = true;
                break;
            }

            if (!filter.Matches(item)) continue;
            total++;
            byStatus[JsonNamingPolicy.SnakeCaseLower.ConvertName(item.Status.ToString())]++;
            var day = item.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var (dayCount, daySum, dayScored) = daily.GetValueOrDefault(day);
            if (item.WeightedScore is { } score)
            {
                scored++;
                sum += score;
                buckets[Math.Clamp((int)(score * 10), 0, 9)]++;
                daily[day] = (dayCount + 1, daySum + score, dayScored + 1);
            }
            else
            {
                daily[day] = (dayCount + 1, daySum, dayScored);
            }

            foreach (var (metric, value) in item.Scores)
            {
                if (value is not { } v) continue;
                var (count, metricSum) = metrics.GetValueOrDefault(metric);
                metrics[metric] = (count + 1, metricSum + v);
            }
        }

        return new JobStats
        {
            Total = total,
            ByStatus = byStatus,
            MeanWeightedScore = scored > 0 ? Math.Round(sum / scored, 6) : null,
            Histogram = [.. buckets.Select((count, i) => new ScoreBucket(i / 10.0, (i + 1) / 10.0, count))],
            Daily = [.. daily.Select(d => new DailyStats(d.Key, d.Value.Count, d.Value.Scored > 0 ? Math.Round(d.Value.Sum / d.Value.Scored, 6) : null))],
            Metrics = metrics.ToDictionary(m => m.Key, m => new MetricStats(m.Value.Count, m.Value.Count > 0 ? Math.Round(m.Value.Sum / m.Value.Count, 6) : null), StringComparer.Ordinal),
            Truncated = truncated,
        };
    }
}
