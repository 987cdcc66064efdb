using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Callbacks;
using ScoreJobs.Fakes;
using ScoreJobs.Queues;
using ScoreJobs.Queues.InProcess;
using ScoreJobs.Metrics;
using ScoreJobs.Records;
using ScoreJobs.Requests;

namespace ScoreJobs.Jobs;

public sealed class PendingJobRecoveryTests : IDisposable
{
    private readonly JobsHarness _harness = new(new FixedMetric("m", MetricInputs.Answer));

    [Fact]
    public async Task StartAsync_RequeuesQueuedAndRunningOldestFirst_NotFinished()
    {
        var queued = await _harness.SubmitAsync(new ScoreRequest { Question = "q1", Answer = "a" });
        _harness.Clock.Advance(TimeSpan.FromMilliseconds(2));
        var finished = await _harness.SubmitAsync(new ScoreRequest { Question = "q2", Answer = "a" });
        await _harness.JobScorer.ScoreAsync(finished.JobId, CancellationToken.None);
        _harness.Clock.Advance(TimeSpan.FromMilliseconds(2));
        var running = await _harness.SubmitAsync(new ScoreRequest { Question = "q3", Answer = "a" });
        var stored = await _harness.Store.GetAsync(running.JobId, CancellationToken.None);
        await _harness.Store.TryReplaceAsync(stored!.Record with { Status = JobStatus.Running }, stored.ETag, CancellationToken.None);
        await _harness.Queue.ReceiveAsync(10, CancellationToken.None); // what the crashed process had in memory is gone

        await new PendingJobRecovery(_harness.Index, _harness.Queue, _harness.RunQueue, _harness.Runs, _harness.RunCallbacks, _harness.Clock, TestLogger.For<PendingJobRecovery>()).StartAsync(CancellationToken.None);

        var requeued = await _harness.Queue.ReceiveAsync(10, CancellationToken.None);
        Assert.Equal([queued.JobId, running.JobId], requeued.Select(d => Assert.IsType<JobMessage.ScoreJob>(d.Message).JobId));
    }

    [Fact]
    public async Task StartAsync_FinishedJobWithPendingCallback_RequeuesItsNextAttemptWhenDue()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var job = await _harness.SubmitAsync(new ScoreRequest { Question = "q", Answer = "a", CallbackUrl = "https://hooks.example.com/x" });
        await _harness.JobScorer.ScoreAsync(job.JobId, CancellationToken.None);
        var stored = await _harness.Store.GetAsync(job.JobId, CancellationToken.None);
        var failedOnce = stored!.Record.Callback! with
        {
            Attempts = [new CallbackAttempt(clock.GetUtcNow(), 500, "HTTP 500", 3)],
            NextAttemptAt = clock.GetUtcNow().AddSeconds(30),
        };
        await _harness.Store.TryReplaceAsync(stored.Record with { Callback = failedOnce }, stored.ETag, CancellationToken.None);
        await _harness.Queue.ReceiveAsync(10, CancellationToken.None); // the first attempt's message, gone with the crashed process
        var queue = new InProcessJobQueue(clock, TestLogger.For<InProcessJobQueue>());

        await new PendingJobRecovery(_harness.Index, queue, _harness.RunQueue, _harness.Runs, _harness.RunCallbacks, clock, TestLogger.For<PendingJobRecovery>()).StartAsync(CancellationToken.None);

        Assert.Equal(0, queue.Count);
        clock.Advance(TimeSpan.FromSeconds(30));
        var requeued = Assert.Single(await queue.ReceiveAsync(10, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(new JobMessage.JobCallback(job.JobId, 2), requeued.Message);
    }

    [Fact]
    public async Task StartAsync_RunKilledAfterItsSecondChunkBegan_EveryChunkWithAMissingJobIsExpandedAgain()
    {
        var now = _harness.Clock.GetUtcNow();
        var run = new RunManifest { RunId = JobId.New(now), CreatedAt = now, Samples = 350, Metrics = ["m"] };
        var chunks = Enumerable.Range(1, run.Samples)
            .Select(i => new RunSample($"s{i}", new ScoreRequest { Question = $"q{i}", Answer = "a", Metrics = ["m"] }))
            .Chunk(RunManifest.ChunkSize).Select(c => (IReadOnlyList<RunSample>)c).ToList();
        Assert.True(await _harness.Runs.TryCreateAsync(run, chunks, CancellationToken.None));
        // Chunk 0 done; chunk 1 begun (its first job there, one of its last missing); chunks 2 and 3 not begun; every message lost.
        await _harness.RunMessages.HandleAsync(new JobMessage.ExpandRun(run.RunId, 0), CancellationToken.None);
        await _harness.RunMessages.HandleAsync(new JobMessage.ExpandRun(run.RunId, 1), CancellationToken.None);
        await _harness.Store.DeleteAsync(RunJobId.For(run.RunId, 150), CancellationToken.None);
        while (_harness.RunQueue.Count > 0) await _harness.RunQueue.ReceiveAsync(64, CancellationToken.None);

        await new PendingJobRecovery(_harness.Index, _harness.Queue, _harness.RunQueue, _harness.Runs, _harness.RunCallbacks, _harness.Clock, TestLogger.For<PendingJobRecovery>()).StartAsync(CancellationToken.None);

        var requeued = new List<JobMessage>();
        while (_harness.RunQueue.Count > 0) requeued.AddRange((await _harness.RunQueue.ReceiveAsync(64, CancellationToken.None)).Select(d => d.Message!));
        Assert.Equal([1, 2, 3], requeued.OfType<JobMessage.ExpandRun>().Select(m => m.Chunk).Order());
    }

    public void Dispose() => _harness.Dispose();
}
