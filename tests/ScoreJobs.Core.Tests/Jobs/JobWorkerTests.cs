using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Fakes;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Records;
using ScoreJobs.Requests;

namespace ScoreJobs.Jobs;

public sealed class JobWorkerTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly JobsHarness _harness = new(new FixedMetric("m", MetricInputs.Answer));
    private readonly ScriptedJobQueue _queue = new();
    private readonly FaultyJobStore _faulty;

    public JobWorkerTests() => _faulty = new FaultyJobStore(_harness.Store) { FailRunningWrites = false };

    private JobWorker CreateSut(TimeProvider? workerTime = null)
    {
        var runner = new JobScorer(_faulty, _harness.Runs, _harness.RunCallbacks, _queue, _harness.Catalog, _harness.Scorer, _harness.UsageLog, _harness.Clock, TestLogger.For<JobScorer>());
        var handler = new JobDeliveryHandler(runner, TestCallbacks.Runner(_faulty, _queue, _harness.Clock), _harness.RunMessages, _harness.Options, TestLogger.For<JobDeliveryHandler>());
        return new(_queue, QueueLanes.Live, _harness.Options.Value.WorkerConcurrency, handler, new WorkerPacing(_harness.Options, _harness.Clock, TestLogger.For<WorkerPacing>()), workerTime ?? _harness.Clock, TestLogger.For<JobWorker>());
    }

    private Task<JobRecord> SubmitAsync() => _harness.SubmitAsync(new ScoreRequest { Question = "q", Answer = "a" });

    [Fact]
    public async Task Worker_OurMessage_CompletesJobAndMessage()
    {
        var job = await SubmitAsync();
        using var worker = CreateSut();
        await worker.StartAsync(CancellationToken.None);

        var delivery = _queue.Deliver(new JobMessage.ScoreJob(job.JobId), job.JobId);

        Assert.Equal("completed", await delivery.Settled.WaitAsync(Wait));
        Assert.Equal(JobStatus.Completed, (await _harness.Service.GetAsync(job.JobId, CancellationToken.None))!.Status);
        await worker.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"job_id\":\"../../etc\"}")]
    public async Task Worker_AlienMessage_IsPoisonedAndWorkerGoesOn(string text)
    {
        var job = await SubmitAsync();
        using var worker = CreateSut();
        await worker.StartAsync(CancellationToken.None);

        var alien = _queue.Deliver(text.StartsWith('{') ? new JobMessage.ScoreJob("../../etc") : null, text);
        var ours = _queue.Deliver(new JobMessage.ScoreJob(job.JobId), job.JobId);

        Assert.Equal("poison", await alien.Settled.WaitAsync(Wait));
        Assert.Equal("completed", await ours.Settled.WaitAsync(Wait));
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Worker_UnknownJob_IsPoisoned()
    {
        using var worker = CreateSut();
        await worker.StartAsync(CancellationToken.None);
        var id = JobId.New(DateTimeOffset.UtcNow);

        Assert.Equal("poison", await _queue.Deliver(new JobMessage.ScoreJob(id), id).Settled.WaitAsync(Wait));
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Worker_StorageFaultBeforeLastDelivery_RetriesLater()
    {
        var job = await SubmitAsync();
        _faulty.FailRunningWrites = true;
        using var worker = CreateSut();
        await worker.StartAsync(CancellationToken.None);

        Assert.Equal("retry", await _queue.Deliver(new JobMessage.ScoreJob(job.JobId), job.JobId, dequeueCount: 2).Settled.WaitAsync(Wait));
        Assert.Equal(JobStatus.Queued, (await _harness.Service.GetAsync(job.JobId, CancellationToken.None))!.Status);
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Worker_StorageFaultOnLastDelivery_MarksFailedWithReasonAndPoisons()
    {
        var job = await SubmitAsync();
        _faulty.FailRunningWrites = true;
        using var worker = CreateSut();
        await worker.StartAsync(CancellationToken.None);

        var delivery = _queue.Deliver(new JobMessage.ScoreJob(job.JobId), job.JobId, dequeueCount: _harness.Options.Value.MaxDeliveries);

        Assert.Equal("poison", await delivery.Settled.WaitAsync(Wait));
        var record = (await _harness.Service.GetAsync(job.JobId, CancellationToken.None))!;
        Assert.Equal(JobStatus.Failed, record.Status);
        Assert.Contains("disk full", record.Error);
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Worker_QueueUnreachable_BacksOffOnTheInjectedClockAndRecovers()
    {
        var job = await SubmitAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _queue.FailNextReceives(3);
        using var worker = CreateSut(time);
        await worker.StartAsync(CancellationToken.None);
        var delivery = _queue.Deliver(new JobMessage.ScoreJob(job.JobId), job.JobId);

        // Real time passes, the worker's clock does not: it waits to receive again.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(1, _queue.ReceiveAttempts);
        using var patience = new CancellationTokenSource(Wait);
        while (!delivery.Settled.IsCompleted && !patience.IsCancellationRequested)
        {
            // The backoff doubles from 250 ms and never waits more than 30 s.
            time.Advance(TimeSpan.FromSeconds(30));
            await Task.WhenAny(delivery.Settled, Task.Delay(20));
        }

        Assert.Equal("completed", await delivery.Settled.WaitAsync(Wait));
        Assert.True(_queue.ReceiveAttempts >= 4, $"{_queue.ReceiveAttempts} receives");
        await worker.StopAsync(CancellationToken.None);
    }

    public void Dispose() => _harness.Dispose();
}
