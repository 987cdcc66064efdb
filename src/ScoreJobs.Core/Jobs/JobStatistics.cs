using ScoreJobs.Index;
using ScoreJobs.Storage;

namespace ScoreJobs.Jobs;

/// <summary>
/// The records page's overview: counts by status, the mean weighted score, its distribution, the daily trend and
/// per-metric means over the records matching a filter, from the job index (never the records); and the live calls
/// sampling left out over the same days, from the daily counters.
/// </summary>
public sealed class JobStatistics(IJobIndex index, IDailyCounters counters)
{
    internal const string NotSampledCounter = "not_sampled";

    internal static string NotSampledCounterOf(string app) => NotSampledCounter + "|app=" + app;

    public async Task<JobStats> ComputeAsync(JobFilter filter, CancellationToken cancellationToken)
    {
        var stats = index.StatsAsync(filter, cancellationToken);
        var notSampled = NotSampledAsync(filter, cancellationToken);
        await Task.WhenAll(stats, notSampled).ConfigureAwait(false);
        return stats.Result with { NotSampled = notSampled.Result };
    }

    /// <summary>
    /// Calls left out on the filter's days (whole UTC days), of one app when the filter's only tag is <c>app:</c>; null
    /// when the filter asks for something a call that was never stored cannot have (a status, a run, a score, text...).
    /// </summary>
    private async Task<long?> NotSampledAsync(JobFilter filter, CancellationToken cancellationToken)
    {
        var app = filter.Tags is [{ Key: Sampling.SamplingPolicy.AppTag } only] ? only.Value : null;
        if (filter.Status is not null || filter.RunId is not null || filter.Source == JobSource.Run || filter.Text is not null || filter.Metric is not null
            || filter.MinScore is not null || filter.MaxScore is not null || (filter.Tags.Count > 0 && app is null))
        {
            return null;
        }

        var from = filter.Since is { } since ? DateOnly.FromDateTime(since.UtcDateTime) : DateOnly.MinValue;
        var to = filter.Until is { } until ? DateOnly.FromDateTime(until.UtcDateTime.AddTicks(-1)) : DateOnly.MaxValue.AddDays(-1);
        var sum = await counters.SumAsync(app is null ? NotSampledCounter : NotSampledCounterOf(app), from, to, cancellationToken).ConfigureAwait(false);
        return (long)sum;
    }
}
