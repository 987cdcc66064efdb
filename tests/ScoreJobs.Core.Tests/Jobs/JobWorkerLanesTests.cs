using ScoreJobs.Fakes;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Records;
using ScoreJobs.Requests;
using ScoreJobs.Runs;

namespace ScoreJobs.Jobs;

/// <summary>The two lanes: a run that fills every one of its slots does not hold up a live job.</summary>
public sealed class JobWorkerLanesTests : IDisposable
{
    private readonly FixedMetric _slow = new("slow", MetricInputs.Answer) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
    private readonly FixedMetric _fast = new("fast", MetricInputs.Answer);
    private readonly JobsHarness _harness;

    public JobWorkerLanesTests() => _harness = new JobsHarness(_slow, _fast);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task LiveJob_WhileARunHoldsEveryRunSlot_StillRunsAtOnce()
    {
        var handler = new JobDeliveryHandler(_harness.JobScorer, TestCallbacks.Runner(_harness.Store, _harness.Queue, _harness.Clock), _harness.RunMessages, _harness.Options, TestLogger.For<JobDeliveryHandler>());
        using var live = new JobWorker(_harness.Queue, QueueLanes.Live, 2, handler, new WorkerPacing(_harness.Options, _harness.Clock, TestLogger.For<WorkerPacing>()), _harness.Clock, TestLogger.For<JobWorker>());
        using var runs = new JobWorker(_harness.RunQueue, QueueLanes.Runs, 2, handler, new WorkerPacing(_harness.Options, _harness.Clock, TestLogger.For<WorkerPacing>()), _harness.Clock, TestLogger.For<JobWorker>());
        await live.StartAsync(CancellationToken.None);
        await runs.StartAsync(CancellationToken.None);
        var samples = Enumerable.Range(1, 50).Select(i => new RunSample($"{i}", new ScoreRequest { Question = $"q{i}", Answer = "a", Metrics = ["slow"] })).ToList();
        var submitted = await _harness.RunService.SubmitAsync(
            new PreparedRun(new RunManifest { RunId = "", CreatedAt = default, Samples = 50, Metrics = ["slow"] }, samples), null, "h", CancellationToken.None);
        var runId = submitted.Run!.RunId;
        await WaitUntilAsync(async () => (await _harness.RunService.GetAsync(runId, CancellationToken.None))!.Counts.Running == 2);

        var job = await _harness.SubmitAsync(new ScoreRequest { Question = "live", Answer = "a", Metrics = ["fast"] });
        await WaitUntilAsync(async () => (await _harness.Service.GetAsync(job.JobId, CancellationToken.None))!.Status == JobStatus.Completed);

        Assert.Equal(2, (await _harness.RunService.GetAsync(runId, CancellationToken.None))!.Counts.Running); // the run is still stuck
        _slow.Gate!.SetResult();
        await WaitUntilAsync(async () => (await _harness.RunService.GetAsync(runId, CancellationToken.None))!.Status == RunStatus.Completed);
        await live.StopAsync(CancellationToken.None);
        await runs.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Worker_SubmitsSlow_StartsOnlyItsShareUntilTheyAreFastAgain()
    {
        var handler = new JobDeliveryHandler(_harness.JobScorer, TestCallbacks.Runner(_harness.Store, _harness.Queue, _harness.Clock), _harness.RunMessages, _harness.Options, TestLogger.For<JobDeliveryHandler>());
        var pacing = new WorkerPacing(_harness.Options, _harness.Clock, TestLogger.For<WorkerPacing>());
        // Three slow windows take the runs lane to its floor, three more the live lane.
        for (var i = 0; i < 6; i++)
        {
            var start = pacing.SubmitStarted();
            _harness.Clock.Advance(TimeSpan.FromMilliseconds(WorkerPacing.LocalStoreTargetMs + 5));
            pacing.SubmitServed(start);
            _harness.Clock.Advance(WorkerPacing.Window);
        }

        Assert.Equal(1, pacing.Slots(QueueLanes.Live, 8));
        using var live = new JobWorker(_harness.Queue, QueueLanes.Live, 8, handler, pacing, _harness.Clock, TestLogger.For<JobWorker>());
        for (var i = 0; i < 5; i++) await _harness.SubmitAsync(new ScoreRequest { Question = $"q{i}", Answer = "a", Metrics = ["slow"] });
        await live.StartAsync(CancellationToken.None);

        await WaitUntilAsync(() => Task.FromResult(_slow.Calls == 1));
        await Task.Delay(300); // the worker had the time to start more, had the pacing let it
        Assert.Equal(1, _slow.Calls);

        // No submit for a while: the whole worker is back, and the four waiting jobs start beside the first.
        _harness.Clock.Advance(WorkerPacing.Window * 2);
        await WaitUntilAsync(() => Task.FromResult(_slow.Calls == 5));
        _slow.Gate!.SetResult();
        await live.StopAsync(CancellationToken.None);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await condition()) await Task.Delay(10, timeout.Token);
    }
}
