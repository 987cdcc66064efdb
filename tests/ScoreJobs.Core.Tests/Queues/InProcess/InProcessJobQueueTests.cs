using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Fakes;

namespace ScoreJobs.Queues.InProcess;

public sealed class InProcessJobQueueTests
{
    private static InProcessJobQueue CreateSut(FakeTimeProvider? clock = null) => new(clock ?? new FakeTimeProvider(), TestLogger.For<InProcessJobQueue>());

    [Fact]
    public async Task ReceiveAsync_ReturnsUpToMaxInOrder()
    {
        var queue = CreateSut();
        for (var i = 0; i < 3; i++) await queue.EnqueueAsync(new JobMessage.ScoreJob($"job{i}"), CancellationToken.None);

        var batch = await queue.ReceiveAsync(2, CancellationToken.None);

        Assert.Equal(["job0", "job1"], batch.Select(d => Assert.IsType<JobMessage.ScoreJob>(d.Message).JobId));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task EnqueueAsync_JobAlreadyWaiting_KeepsOneMessageUntilReceived()
    {
        var queue = CreateSut();
        await queue.EnqueueAsync(new JobMessage.ScoreJob("job"), CancellationToken.None);
        await queue.EnqueueAsync(new JobMessage.ScoreJob("job"), CancellationToken.None);

        Assert.Single(await queue.ReceiveAsync(10, CancellationToken.None));
        await queue.EnqueueAsync(new JobMessage.ScoreJob("job"), CancellationToken.None);

        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task EnqueueAsync_SameJobFromTwoTraces_KeepsOneMessage()
    {
        var queue = CreateSut();
        await queue.EnqueueAsync(new JobMessage.ScoreJob("job") { Traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" }, CancellationToken.None);
        await queue.EnqueueAsync(new JobMessage.ScoreJob("job"), CancellationToken.None);

        var delivery = Assert.Single(await queue.ReceiveAsync(10, CancellationToken.None));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", delivery.Message!.Traceparent);
        await queue.EnqueueAsync(new JobMessage.ScoreJob("job"), CancellationToken.None);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task RetryLaterAsync_RedeliversWithHigherDequeueCount()
    {
        var clock = new FakeTimeProvider();
        var queue = CreateSut(clock);
        await queue.EnqueueAsync(new JobMessage.ScoreJob("job"), CancellationToken.None);
        var first = Assert.Single(await queue.ReceiveAsync(1, CancellationToken.None));

        await first.RetryLaterAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(0, queue.Count);
        clock.Advance(TimeSpan.FromSeconds(10));
        var second = Assert.Single(await queue.ReceiveAsync(1, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(2, second.DequeueCount);
        Assert.Equal("job", Assert.IsType<JobMessage.ScoreJob>(second.Message).JobId);
    }

    [Fact]
    public async Task EnqueueAsync_WithDelay_ReceivedOnlyOnceTheClockHasPassedIt()
    {
        var clock = new FakeTimeProvider();
        var queue = new InProcessJobQueue(clock, TestLogger.For<InProcessJobQueue>());

        await queue.EnqueueAsync(new JobMessage.JobCallback("job", 2), TimeSpan.FromSeconds(30), CancellationToken.None);
        await queue.EnqueueAsync(new JobMessage.ScoreJob("job"), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(29));

        Assert.Equal(1, queue.Count);
        Assert.IsType<JobMessage.ScoreJob>(Assert.Single(await queue.ReceiveAsync(10, CancellationToken.None)).Message);
        clock.Advance(TimeSpan.FromSeconds(1));
        var later = Assert.Single(await queue.ReceiveAsync(10, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, Assert.IsType<JobMessage.JobCallback>(later.Message).Attempt);
    }

    [Fact]
    public async Task ReceiveAsync_Empty_WaitsUntilCancelled()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateSut().ReceiveAsync(1, cancel.Token));
    }
}
