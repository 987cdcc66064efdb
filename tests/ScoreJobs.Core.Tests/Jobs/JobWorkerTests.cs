using ScoreJobs.Fakes;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Requests;

namespace ScoreJobs.Jobs;

public sealed class JobWorkerTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly JobsHarness _harness = new(new FixedMetric("m", MetricInputs.Answer));
    private readonly ScriptedJobQueue _queue = new();
    private readonly FaultyJobStore _faulty;

    public JobWorkerTests() => _faulty = new FaultyJobStore(_harness.Store) { FailRunningWrites = false };

    private JobWorker CreateSut()
    {
        var runner = new JobRunner(_faulty, _queue, _harness.Catalog, _harness.Scorer, TimeProvider.System, TestLogger.For<JobRunner>());
        var handler = new JobDeliveryHandler(runner, TestCallbacks.Runner(_faulty, _queue), _harness.Options, TestLogger.For<JobDeliveryHandler>());
        return new(_queue, handler, _harness.Options, TimeProvider.System, TestLogger.For<JobWorker>());
    }

    private Task<JobRecord> SubmitAsync() => _harness.SubmitAsync(new ScoreRequest { Question = "q", Answer = "a" });

    [Fact]
    public async Task Worker_OurMessage_CompletesJobAndMessage()
    {
        var job = await SubmitAsync();
        using var worker = CreateSut();
        await worker.StartAsync(CancellationToken.None);

        var delivery = _queue.Deliver(new JobMessage(job.JobId), job.JobId);

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

        var alien = _queue.Deliver(text.StartsWith('{') ? new JobMessage("../../etc") : null, text);
        var ours = _queue.Deliver(new JobMessage(job.JobId), job.JobId);

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

        Assert.Equal("poison", await _queue.Deliver(new JobMessage(id), id).Settled.WaitAsync(Wait));
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Worker_StorageFaultBeforeLastDelivery_RetriesLater()
    {
        var job = await SubmitAsync();
        _faulty.FailRunningWrites = true;
        using var worker = CreateSut();
        await worker.StartAsync(CancellationToken.None);

        Assert.Equal("retry", await _queue.Deliver(new JobMessage(job.JobId), job.JobId, dequeueCount: 2).Settled.WaitAsync(Wait));
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

        var delivery = _queue.Deliver(new JobMessage(job.JobId), job.JobId, dequeueCount: _harness.Options.Value.MaxDeliveries);

        Assert.Equal("poison", await delivery.Settled.WaitAsync(Wait));
        var record = (await _harness.Service.GetAsync(job.JobId, CancellationToken.None))!;
        Assert.Equal(JobStatus.Failed, record.Status);
        Assert.Contains("disk full", record.Error);
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Worker_QueueUnreachable_KeepsTryingAndRecovers()
    {
        var job = await SubmitAsync();
        _queue.FailNextReceives(2);
        using var worker = CreateSut();
        await worker.StartAsync(CancellationToken.None);

        var delivery = _queue.Deliver(new JobMessage(job.JobId), job.JobId);

        Assert.Equal("completed", await delivery.Settled.WaitAsync(Wait));
        await worker.StopAsync(CancellationToken.None);
    }

    public void Dispose() => _harness.Dispose();
}
