using ScoreJobs.Records;
using System.Text;
using ScoreJobs.Fakes;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Requests;
using ScoreJobs.Testing;

namespace ScoreJobs.Jobs;

public sealed class JobDeliveryHandlerTests : IDisposable
{
    private readonly FixedMetric _metric = new("m", MetricInputs.Answer);
    private readonly JobsHarness _harness;
    private readonly FaultyJobStore _faulty;

    public JobDeliveryHandlerTests()
    {
        _harness = new JobsHarness(_metric);
        _faulty = new FaultyJobStore(_harness.Store) { FailRunningWrites = false };
    }

    private int MaxDeliveries => _harness.Options.Value.MaxDeliveries;

    private JobDeliveryHandler CreateSut() =>
        new(new JobScorer(_faulty, _harness.Runs, _harness.RunCallbacks, _harness.Queue, _harness.Catalog, _harness.Scorer, _harness.UsageLog, _harness.Clock, TestLogger.For<JobScorer>()),
            TestCallbacks.Runner(_faulty, _harness.Queue, _harness.Clock), _harness.RunMessages, _harness.Options, TestLogger.For<JobDeliveryHandler>());

    private Task<JobRecord> SubmitAsync() => _harness.SubmitAsync(new ScoreRequest { Question = "q", Answer = "a" });

    private Task<JobRecord?> RecordAsync(string jobId) => _harness.Service.GetAsync(jobId, CancellationToken.None);

    private static Task<DeliveryVerdict> HandleAsync(JobDeliveryHandler handler, string jobId, int dequeueCount = 1, CancellationToken cancellationToken = default) =>
        handler.HandleAsync(new JobMessage.ScoreJob(jobId), jobId, dequeueCount, cancellationToken);

    [Fact]
    public async Task HandleAsync_OurMessage_RunsJobAndCompletes()
    {
        var job = await SubmitAsync();

        var verdict = await HandleAsync(CreateSut(), job.JobId);

        Assert.Equal(DeliveryAction.Complete, verdict.Action);
        Assert.Equal(JobStatus.Completed, (await RecordAsync(job.JobId))!.Status);
    }

    [Fact]
    public async Task HandleAsync_Redelivered_CompletesWithoutRescoring()
    {
        var job = await SubmitAsync();
        var handler = CreateSut();
        await HandleAsync(handler, job.JobId);

        var verdict = await HandleAsync(handler, job.JobId, dequeueCount: 2);

        Assert.Equal(DeliveryAction.Complete, verdict.Action);
        Assert.Equal(1, _metric.Calls);
    }

    [Fact]
    public async Task HandleAsync_DeliveredAgainWhileBeingScoredHere_ComesBackAfterTheJobTimeoutUnscored()
    {
        var job = await SubmitAsync();
        var handler = CreateSut();
        _metric.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = HandleAsync(handler, job.JobId);
        await Poll.UntilAsync(() => _metric.Calls > 0, "the first delivery to start scoring");

        var duplicate = await HandleAsync(handler, job.JobId, dequeueCount: 1);
        _metric.Gate.SetResult();

        Assert.Equal(DeliveryAction.RetryLater, duplicate.Action);
        Assert.Equal(TimeSpan.FromSeconds(_harness.Options.Value.JobTimeoutSeconds), duplicate.RetryAfter);
        Assert.Equal(DeliveryAction.Complete, (await first).Action);
        Assert.Equal(1, _metric.Calls);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("../../etc/passwd")]
    public async Task HandleAsync_NotOurMessage_PoisonedWithoutRunningAnything(string? jobId)
    {
        var job = await SubmitAsync();

        var verdict = await CreateSut().HandleAsync(jobId is null ? null : new JobMessage.ScoreJob(jobId), "raw text", 1, CancellationToken.None);

        Assert.Equal(DeliveryAction.Poison, verdict.Action);
        Assert.Equal(0, _metric.Calls);
        Assert.Equal(JobStatus.Queued, (await RecordAsync(job.JobId))!.Status);
    }

    [Fact]
    public async Task HandleAsync_UnknownJob_Poisoned()
    {
        var verdict = await HandleAsync(CreateSut(), JobId.New(DateTimeOffset.UtcNow));

        Assert.Equal(DeliveryAction.Poison, verdict.Action);
        Assert.Contains("No job", verdict.Reason);
    }

    [Theory]
    [InlineData(1, 800, 1200)]
    [InlineData(3, 3200, 4800)]
    public async Task HandleAsync_FaultBeforeLastDelivery_RetriesLaterWithGrowingBackoff(int dequeueCount, int minMs, int maxMs)
    {
        var job = await SubmitAsync();
        _faulty.FailRunningWrites = true;

        var verdict = await HandleAsync(CreateSut(), job.JobId, dequeueCount);

        Assert.Equal(DeliveryAction.RetryLater, verdict.Action);
        Assert.InRange(verdict.RetryAfter.TotalMilliseconds, minMs, maxMs);
        Assert.IsType<IOException>(verdict.Error);
        Assert.Contains($"delivery {dequeueCount} of {MaxDeliveries}", verdict.Reason);
        Assert.Equal(JobStatus.Queued, (await RecordAsync(job.JobId))!.Status);
    }

    [Fact]
    public async Task HandleAsync_FaultOnLastDelivery_MarksFailedWithReasonAndPoisons()
    {
        var job = await SubmitAsync();
        _faulty.FailRunningWrites = true;

        var verdict = await HandleAsync(CreateSut(), job.JobId, MaxDeliveries);

        Assert.Equal(DeliveryAction.Poison, verdict.Action);
        var record = (await RecordAsync(job.JobId))!;
        Assert.Equal(JobStatus.Failed, record.Status);
        Assert.Contains($"failed on each of {MaxDeliveries} deliveries", record.Error);
        Assert.Contains("disk full", record.Error);
        Assert.Equal(record.Error, verdict.Reason);
    }

    [Fact]
    public async Task HandleAsync_DeliveredMoreOftenThanAllowed_GivesUpWithoutRunning()
    {
        var job = await SubmitAsync();

        var verdict = await HandleAsync(CreateSut(), job.JobId, MaxDeliveries + 1);

        Assert.Equal(DeliveryAction.Poison, verdict.Action);
        Assert.Equal(0, _metric.Calls);
        var record = (await RecordAsync(job.JobId))!;
        Assert.Equal(JobStatus.Failed, record.Status);
        Assert.Contains($"given up after {MaxDeliveries} failed deliveries", record.Error);
    }

    [Fact]
    public async Task HandleAsync_GivenUpJobAlreadyFinished_KeepsItsResult()
    {
        var job = await SubmitAsync();
        var handler = CreateSut();
        await HandleAsync(handler, job.JobId);

        var verdict = await HandleAsync(handler, job.JobId, MaxDeliveries + 1);

        Assert.Equal(DeliveryAction.Poison, verdict.Action);
        Assert.Equal(JobStatus.Completed, (await RecordAsync(job.JobId))!.Status);
    }

    [Fact]
    public async Task HandleAsync_Cancelled_ThrowsRatherThanDeciding()
    {
        var job = await SubmitAsync();
        _metric.Gate = new TaskCompletionSource();
        using var cancel = new CancellationTokenSource();

        var handling = HandleAsync(CreateSut(), job.JobId, cancellationToken: cancel.Token);
        await Poll.UntilAsync(() => _metric.Calls > 0, "the metric to be called");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handling);
        Assert.Equal(JobStatus.Running, (await RecordAsync(job.JobId))!.Status);
    }

    [Fact]
    public async Task HandleTriggeredAsync_OurJson_DoneWithNothingForPoison()
    {
        var job = await SubmitAsync();

        var poison = await CreateSut().HandleTriggeredAsync(new JobMessage.ScoreJob(job.JobId).ToJson(), 1, _harness.Queue, CancellationToken.None);

        Assert.Empty(poison);
        Assert.Equal(JobStatus.Completed, (await RecordAsync(job.JobId))!.Status);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"job_id\":\"../../etc\"}")]
    [InlineData("eyJqb2JfaWQiOiJ6enp5YnIxZTJ3enpxNXJ2N3kyZDBqaHB0bTRjIn0=")]
    public async Task HandleTriggeredAsync_NotOurs_ReturnsTheMessageForPoison(string text)
    {
        var poison = await CreateSut().HandleTriggeredAsync(text, 1, _harness.Queue, CancellationToken.None);

        Assert.Equal([text], poison);
    }

    [Fact]
    public async Task HandleTriggeredAsync_FaultBeforeLastDelivery_ThrowsSoTheRuntimeRedelivers()
    {
        var job = await SubmitAsync();
        _faulty.FailRunningWrites = true;

        var thrown = await Assert.ThrowsAsync<JobRetryException>(() => CreateSut().HandleTriggeredAsync(new JobMessage.ScoreJob(job.JobId).ToJson(), 2, _harness.Queue, CancellationToken.None));

        Assert.IsType<IOException>(thrown.InnerException);
        Assert.Contains(job.JobId, thrown.Message);
    }

    [Fact]
    public async Task HandleTriggeredAsync_FaultOnLastDelivery_MarksFailedAndReturnsTheMessageForPoison()
    {
        var job = await SubmitAsync();
        _faulty.FailRunningWrites = true;
        var text = new JobMessage.ScoreJob(job.JobId).ToJson();

        var poison = await CreateSut().HandleTriggeredAsync(text, MaxDeliveries, _harness.Queue, CancellationToken.None);

        Assert.Equal([text], poison);
        Assert.Equal(JobStatus.Failed, (await RecordAsync(job.JobId))!.Status);
    }

    public void Dispose() => _harness.Dispose();
}
