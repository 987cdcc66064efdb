using System.Globalization;
using System.Text.Json;
using ScoreJobs.Index;
using ScoreJobs.Records;
using ScoreJobs.Storage;

namespace ScoreJobs.Jobs;

/// <summary>
/// The records page's overview: counts by status, the mean weighted score, its distribution, the daily trend and
/// per-metric means over the records matching a filter, from the job index (never the records).
/// </summary>
public sealed class JobStatistics(IJobIndex index)
{
    public Task<JobStats> ComputeAsync(JobFilter filter, CancellationToken cancellationToken) => index.StatsAsync(filter, cancellationToken);
}
