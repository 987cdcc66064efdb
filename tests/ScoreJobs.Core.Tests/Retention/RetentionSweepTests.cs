using Microsoft.Extensions.Options;
using ScoreJobs.Fakes;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Records;
using ScoreJobs.Requests;

namespace ScoreJobs.Retention;

public sealed class RetentionSweepTests : IDisposable
{
    private readonly JobsHarness _harness = new(new FixedMetric("m", MetricInputs.Answer));

    private RetentionSweep Sweep(int? days) => new(_harness.Index, _harness.Runs, _harness.RunService, new Deletion.JobDeleter(_harness.Store, _harness.Labels, _harness.UsageLog),
        Options.Create(new ScoreJobsOptions { RetentionDays = days }), _harness.Clock, TestLogger.For<RetentionSweep>());

    private async Task<RunManifest> CreateRunAsync()
    {
        var now = _harness.Clock.GetUtcNow();
        var run = new RunManifest { RunId = JobId.New(now), CreatedAt = now, Samples = 1, Metrics = ["m"] };
        Assert.True(await _harness.Runs.TryCreateAsync(run, [[new RunSample("s1", new ScoreRequest { Question = "q", Answer = "a", Metrics = ["m"] })]], CancellationToken.None));
        await _harness.RunMessages.HandleAsync(new JobMessage.ExpandRun(run.RunId, 0), CancellationToken.None);
        return run;
    }

    [Fact]
    public async Task SweepAsync_SevenDays_DeletesOlderLiveJobsAndRuns_KeepsNewerOnes()
    {
        var old = await _harness.SubmitAsync(new ScoreRequest { Question = "old", Answer = "a" });
        var oldRun = await CreateRunAsync();
        _harness.Clock.Advance(TimeSpan.FromDays(8));
        var recent = await _harness.SubmitAsync(new ScoreRequest { Question = "new", Answer = "a" });
        var recentRun = await CreateRunAsync();

        var result = await Sweep(7).SweepAsync(CancellationToken.None);

        Assert.Equal(new RetentionResult(1, 1), result);
        Assert.Null(await _harness.Store.GetAsync(old.JobId, CancellationToken.None));
        Assert.NotNull(await _harness.Store.GetAsync(recent.JobId, CancellationToken.None));
        Assert.Null(await _harness.RunService.GetAsync(oldRun.RunId, CancellationToken.None));
        Assert.NotNull(await _harness.RunService.GetAsync(recentRun.RunId, CancellationToken.None));
        // Swept again (a second instance, or the next day): nothing more to delete.
        Assert.Equal(new RetentionResult(0, 0), await Sweep(7).SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SweepAsync_RetentionUnset_DeletesNothing()
    {
        var job = await _harness.SubmitAsync(new ScoreRequest { Question = "q", Answer = "a" });
        _harness.Clock.Advance(TimeSpan.FromDays(4000));

        Assert.Equal(new RetentionResult(0, 0), await Sweep(null).SweepAsync(CancellationToken.None));
        Assert.NotNull(await _harness.Store.GetAsync(job.JobId, CancellationToken.None));
    }

    [Fact]
    public async Task SweepAsync_MoreThanAPageOfOldJobs_DeletesThemAll()
    {
        for (var i = 0; i < 450; i++) await _harness.SubmitAsync(new ScoreRequest { Question = "q", Answer = "a" });
        _harness.Clock.Advance(TimeSpan.FromDays(2));

        var result = await Sweep(1).SweepAsync(CancellationToken.None);

        Assert.Equal(450, result.Jobs);
        Assert.Empty((await _harness.Index.ListAsync(Index.JobFilter.None, 10, null, CancellationToken.None)).Jobs);
    }

    public void Dispose() => _harness.Dispose();
}
