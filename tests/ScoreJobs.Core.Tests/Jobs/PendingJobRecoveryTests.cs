using ScoreJobs.Fakes;
using ScoreJobs.Metrics;
using ScoreJobs.Requests;

namespace ScoreJobs.Jobs;

public sealed class PendingJobRecoveryTests : IDisposable
{
    private readonly JobsHarness _harness = new(new FixedMetric("m", MetricInputs.Answer));

    [Fact]
    public async Task StartAsync_RequeuesQueuedAndRunningOldestFirst_NotFinished()
    {
        var queued = await _harness.SubmitAsync(new ScoreRequest { Question = "q1", Answer = "a" });
        await Task.Delay(2);
        var finished = await _harness.SubmitAsync(new ScoreRequest { Question = "q2", Answer = "a" });
        await _harness.Runner.RunAsync(finished.JobId, CancellationToken.None);
        await Task.Delay(2);
        var running = await _harness.SubmitAsync(new ScoreRequest { Question = "q3", Answer = "a" });
        var stored = await _harness.Store.GetAsync(running.JobId, CancellationToken.None);
        await _harness.Store.TryReplaceAsync(stored!.Record with { Status = JobStatus.Running }, stored.ETag, CancellationToken.None);
        await _harness.Queue.ReceiveAsync(10, CancellationToken.None); // what the crashed process had in memory is gone

        await new PendingJobRecovery(_harness.Store, _harness.Queue, TimeProvider.System, TestLogger.For<PendingJobRecovery>()).StartAsync(CancellationToken.None);

        var requeued = await _harness.Queue.ReceiveAsync(10, CancellationToken.None);
        Assert.Equal([queued.JobId, running.JobId], requeued.Select(d => d.Message!.JobId));
    }

    public void Dispose() => _harness.Dispose();
}
