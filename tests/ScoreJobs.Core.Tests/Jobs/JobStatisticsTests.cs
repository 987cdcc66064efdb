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
        await _harness.Runner.RunAsync(job.JobId, CancellationToken.None);

        var stats = await new JobStatistics(_harness.Index).ComputeAsync(JobFilter.None, CancellationToken.None);

        Assert.Equal(2, stats.Total);
        Assert.Equal(1, stats.ByStatus["completed"]);
        Assert.Equal(1, stats.ByStatus["queued"]);
        Assert.Equal(0.5, stats.MeanWeightedScore);
        Assert.Equal(1, stats.Histogram[5].Count);
        Assert.Equal(0.5, stats.Metrics["m"].Mean);
    }

    public void Dispose() => _harness.Dispose();
}
