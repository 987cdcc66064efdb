using ScoreJobs.Records;
using ScoreJobs.Storage.Local;
using ScoreJobs.Fakes;
using ScoreJobs.Index;
using ScoreJobs.Metrics;
using ScoreJobs.Requests;

namespace ScoreJobs.Jobs;

public sealed class JobStatisticsTests : IDisposable
{
    private readonly JobsHarness _harness = new(new FixedMetric("m", MetricInputs.Answer));

    private static ScoreRequest Request() => new() { Question = "q", Answer = "a" };

    [Fact]
    public async Task ComputeAsync_CountsByStatusAndMeans()
    {
        var job = await _harness.SubmitAsync(Request());
        await _harness.SubmitAsync(Request());
        await _harness.JobScorer.ScoreAsync(job.JobId, CancellationToken.None);

        using var counters = new LocalFolderDailyCounters(_harness.Options);
        var stats = await new JobStatistics(_harness.Index, counters).ComputeAsync(JobFilter.None, CancellationToken.None);

        Assert.Equal(2, stats.Total);
        Assert.Equal(1, stats.ByStatus["completed"]);
        Assert.Equal(1, stats.ByStatus["queued"]);
        Assert.Equal(0.5, stats.MeanWeightedScore);
        Assert.Equal(1, stats.Histogram[5].Count);
        Assert.Equal(0.5, stats.Metrics["m"].Mean);
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task ComputeAsync_NotSampled_CountedOnTheFilterDaysAndApp_NullWhenTheFilterCannotMatchIt()
    {
        using var counters = new LocalFolderDailyCounters(_harness.Options);
        var day = new DateOnly(2026, 12, 5);
        await counters.AddAsync(JobStatistics.NotSampledCounter, day, 3, CancellationToken.None);
        await counters.AddAsync(JobStatistics.NotSampledCounterOf("faq"), day, 2, CancellationToken.None);
        await counters.AddAsync(JobStatistics.NotSampledCounter, day.AddDays(1), 4, CancellationToken.None);
        var statistics = new JobStatistics(_harness.Index, counters);
        var since = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

        var all = await statistics.ComputeAsync(JobFilter.None, CancellationToken.None);
        var sinceSixth = await statistics.ComputeAsync(new JobFilter { Since = since }, CancellationToken.None);
        var untilSixth = await statistics.ComputeAsync(new JobFilter { Until = since }, CancellationToken.None);
        var app = await statistics.ComputeAsync(new JobFilter { Tags = [new("app", "faq")] }, CancellationToken.None);
        var status = await statistics.ComputeAsync(new JobFilter { Status = JobStatus.Completed }, CancellationToken.None);
        var otherTag = await statistics.ComputeAsync(new JobFilter { Tags = [new("team", "x")] }, CancellationToken.None);

        Assert.Equal(7, all.NotSampled);
        Assert.Equal(4, sinceSixth.NotSampled);
        Assert.Equal(3, untilSixth.NotSampled);
        Assert.Equal(2, app.NotSampled);
        Assert.Null(status.NotSampled);
        Assert.Null(otherTag.NotSampled);
    }
}
