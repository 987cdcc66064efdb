using ScoreJobs.Records;
using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Jobs;
using ScoreJobs.Testing;

namespace ScoreJobs.Queues.Azure;

public sealed class StorageJobQueueTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly HttpClient _httpClient = new();

    private StorageJobQueue CreateSut(string? queueName = null, TimeSpan? visibilityTimeout = null, TimeProvider? timeProvider = null) =>
        new(azurite.Settings, queueName ?? AzuriteFixture.UniqueName("jobs"), _httpClient, timeProvider ?? TimeProvider.System, NullLogger<StorageJobQueue>.Instance, visibilityTimeout);

    private QueueClient Raw(string queueName) => azurite.RawQueue(queueName);

    [Fact]
    public async Task EnqueueAsync_ThenReceive_TextIsBase64OfTheMessageJson()
    {
        var queue = CreateSut();
        var jobId = JobId.New(DateTimeOffset.UtcNow);

        await queue.EnqueueAsync(new JobMessage.ScoreJob(jobId), CancellationToken.None);
        var delivery = Assert.Single(await ReceiveAsync(queue));

        Assert.Equal($"{{\"kind\":\"score\",\"job_id\":\"{jobId}\"}}", Encoding.UTF8.GetString(Convert.FromBase64String(delivery.RawText)));
        Assert.Equal(jobId, Assert.IsType<JobMessage.ScoreJob>(delivery.Message).JobId);
        Assert.Equal(1, delivery.DequeueCount);
    }

    [Fact]
    public async Task CompleteAsync_Delivery_RemovedFromQueue()
    {
        var queue = CreateSut();
        await queue.EnqueueAsync(new JobMessage.ScoreJob(JobId.New(DateTimeOffset.UtcNow)), CancellationToken.None);
        var delivery = Assert.Single(await ReceiveAsync(queue));

        await delivery.CompleteAsync(CancellationToken.None);

        Assert.Empty(await PeekAsync(queue.QueueName));
        await delivery.CompleteAsync(CancellationToken.None);
    }

    [Fact]
    public async Task RetryLaterAsync_Zero_RedeliveredWithHigherDequeueCount()
    {
        var queue = CreateSut();
        var jobId = JobId.New(DateTimeOffset.UtcNow);
        await queue.EnqueueAsync(new JobMessage.ScoreJob(jobId), CancellationToken.None);
        var first = Assert.Single(await ReceiveAsync(queue));

        await first.RetryLaterAsync(TimeSpan.Zero, CancellationToken.None);
        var second = Assert.Single(await ReceiveAsync(queue));

        Assert.Equal(jobId, Assert.IsType<JobMessage.ScoreJob>(second.Message).JobId);
        Assert.Equal(2, second.DequeueCount);
    }

    [Fact]
    public async Task RetryLaterAsync_Delay_HiddenUntilThen()
    {
        var queue = CreateSut();
        await queue.EnqueueAsync(new JobMessage.ScoreJob(JobId.New(DateTimeOffset.UtcNow)), CancellationToken.None);
        var first = Assert.Single(await ReceiveAsync(queue));

        await first.RetryLaterAsync(TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.Empty(await PeekAsync(queue.QueueName));
        Assert.Single(await ReceiveAsync(queue));
    }

    [Fact]
    public async Task ReceiveAsync_VisibilityRunsOut_RedeliveredToAnotherConsumer()
    {
        var queueName = AzuriteFixture.UniqueName("jobs");
        var crashed = CreateSut(queueName, TimeSpan.FromSeconds(1));
        var survivor = CreateSut(queueName, TimeSpan.FromSeconds(30));
        await crashed.EnqueueAsync(new JobMessage.ScoreJob(JobId.New(DateTimeOffset.UtcNow)), CancellationToken.None);
        Assert.Single(await ReceiveAsync(crashed));

        var redelivered = Assert.Single(await ReceiveAsync(survivor));

        Assert.Equal(2, redelivered.DequeueCount);
    }

    [Fact]
    public async Task KeepAliveAsync_LongJob_StaysHiddenPastTheVisibilityTimeout()
    {
        var queue = CreateSut(visibilityTimeout: TimeSpan.FromSeconds(4));
        await queue.EnqueueAsync(new JobMessage.ScoreJob(JobId.New(DateTimeOffset.UtcNow)), CancellationToken.None);
        var delivery = Assert.Single(await ReceiveAsync(queue));

        Assert.Equal(TimeSpan.FromSeconds(4) / 3, delivery.KeepAliveInterval);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await delivery.KeepAliveAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Empty(await PeekAsync(queue.QueueName));
        await delivery.CompleteAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(await PeekAsync(queue.QueueName));
    }

    [Fact]
    public async Task CompleteAsync_AfterAnotherConsumerTookIt_DoesNotThrow()
    {
        var queueName = AzuriteFixture.UniqueName("jobs");
        var slow = CreateSut(queueName, TimeSpan.FromSeconds(1));
        var other = CreateSut(queueName, TimeSpan.FromSeconds(30));
        await slow.EnqueueAsync(new JobMessage.ScoreJob(JobId.New(DateTimeOffset.UtcNow)), CancellationToken.None);
        var stale = Assert.Single(await ReceiveAsync(slow));
        var current = Assert.Single(await ReceiveAsync(other));

        await stale.CompleteAsync(CancellationToken.None);
        await current.CompleteAsync(CancellationToken.None);

        Assert.Empty(await PeekAsync(queueName));
    }

    [Fact]
    public async Task MoveToPoisonAsync_Delivery_MovedToPoisonQueueAsItWas()
    {
        var queue = CreateSut();
        var jobId = JobId.New(DateTimeOffset.UtcNow);
        await queue.EnqueueAsync(new JobMessage.ScoreJob(jobId), CancellationToken.None);
        var delivery = Assert.Single(await ReceiveAsync(queue));

        await delivery.MoveToPoisonAsync(CancellationToken.None);

        Assert.Equal($"{queue.QueueName}-poison", queue.PoisonQueueName);
        Assert.Empty(await PeekAsync(queue.QueueName));
        var poisoned = Assert.Single(await PeekAsync(queue.PoisonQueueName));
        Assert.Equal(delivery.RawText, poisoned.MessageText);
        Assert.Equal(jobId, Assert.IsType<JobMessage.ScoreJob>(JobMessage.FromJson(Convert.FromBase64String(poisoned.MessageText))).JobId);
    }

    [Theory]
    [InlineData("aGVsbG8gd29ybGQ=")]
    [InlineData("eyJqb2JfaWQiOiIuLi8uLi9ldGMvcGFzc3dkIn0=")]
    public async Task ReceiveAsync_Base64ButNotOurs_MessageNullAndPoisonable(string text)
    {
        var queue = CreateSut();
        await Raw(queue.QueueName).CreateIfNotExistsAsync();
        await Raw(queue.QueueName).SendMessageAsync(text);

        var delivery = Assert.Single(await ReceiveAsync(queue));
        await delivery.MoveToPoisonAsync(CancellationToken.None);

        Assert.Null(delivery.Message);
        Assert.Equal(text, delivery.RawText);
        Assert.Equal(text, Assert.Single(await PeekAsync(queue.PoisonQueueName)).MessageText);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("{\"job_id\":\"0000000000000000000000000000\"}")]
    public async Task ReceiveAsync_NotBase64_MovedToPoisonAsItWasAndNotDelivered(string text)
    {
        var queue = CreateSut();
        var jobId = JobId.New(DateTimeOffset.UtcNow);
        await Raw(queue.QueueName).CreateIfNotExistsAsync();
        await Raw(queue.QueueName).SendMessageAsync(text);
        await queue.EnqueueAsync(new JobMessage.ScoreJob(jobId), CancellationToken.None);

        var delivery = Assert.Single(await ReceiveAsync(queue));

        Assert.Equal(jobId, Assert.IsType<JobMessage.ScoreJob>(delivery.Message).JobId);
        Assert.Equal(text, Assert.Single(await PeekAsync(queue.PoisonQueueName)).MessageText);
        await delivery.CompleteAsync(CancellationToken.None);
        Assert.Empty(await PeekAsync(queue.QueueName, visibleAfter: TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task ReceiveAsync_EmptyQueue_WaitsForTheNextMessage()
    {
        var queue = CreateSut();
        var jobId = JobId.New(DateTimeOffset.UtcNow);
        var receiving = ReceiveAsync(queue);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(receiving.IsCompleted);

        await queue.EnqueueAsync(new JobMessage.ScoreJob(jobId), CancellationToken.None);

        Assert.Equal(jobId, Assert.IsType<JobMessage.ScoreJob>(Assert.Single(await receiving).Message).JobId);
    }

    [Fact]
    public async Task ReceiveAsync_EmptyQueue_PollsOnTheInjectedClock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var queue = CreateSut(timeProvider: time);
        var otherInstance = CreateSut(queue.QueueName);
        var receiving = ReceiveAsync(queue);
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        await otherInstance.EnqueueAsync(new JobMessage.ScoreJob(JobId.New(DateTimeOffset.UtcNow)), CancellationToken.None);

        // Two seconds of real time would have brought several polls (100, 200, 400, 800 ms...); the fake clock stands still.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(receiving.IsCompleted);
        await Poll.UntilAsync(async () =>
        {
            time.Advance(StorageJobQueue.MaxPollDelay);
            await Task.WhenAny(receiving, Task.Delay(50));
            return receiving.IsCompleted;
        }, "the receive to find the message");

        Assert.Single(await receiving);
    }

    [Fact]
    public async Task ReceiveAsync_WaitingOutItsPollDelay_WokenByAMessageSentThroughTheSameInstance()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var queue = CreateSut(timeProvider: time);
        var receiving = ReceiveAsync(queue);
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        Assert.False(receiving.IsCompleted);

        // The fake clock never moves: only the wake can end the wait.
        var jobId = JobId.New(DateTimeOffset.UtcNow);
        await queue.EnqueueAsync(new JobMessage.ScoreJob(jobId), CancellationToken.None);

        var delivery = Assert.Single(await receiving.WaitAsync(Patience));
        Assert.Equal(jobId, Assert.IsType<JobMessage.ScoreJob>(delivery.Message).JobId);
    }

    [Fact]
    public async Task EnqueueAsync_Delayed_DoesNotWakeTheReceiver()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var queue = CreateSut(timeProvider: time);
        var receiving = ReceiveAsync(queue);
        await Task.Delay(TimeSpan.FromMilliseconds(800));

        await queue.EnqueueAsync(new JobMessage.ScoreJob(JobId.New(DateTimeOffset.UtcNow)), TimeSpan.FromSeconds(1), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2));

        // Visible by now, but a delayed message is found by the next poll, on the clock, as before.
        Assert.False(receiving.IsCompleted);
    }

    [Fact]
    public async Task ReceiveAsync_Cancelled_Throws()
    {
        var queue = CreateSut();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.ReceiveAsync(4, cancellation.Token));
    }

    [Fact]
    public async Task ReceiveAsync_CompetingConsumers_EachMessageToExactlyOne()
    {
        var queueName = AzuriteFixture.UniqueName("jobs");
        var consumers = Enumerable.Range(0, 3).Select(_ => CreateSut(queueName, TimeSpan.FromMinutes(1))).ToList();
        var jobIds = Enumerable.Range(0, 40).Select(_ => JobId.New(DateTimeOffset.UtcNow)).ToList();
        foreach (var jobId in jobIds) await consumers[0].EnqueueAsync(new JobMessage.ScoreJob(jobId), CancellationToken.None);

        var received = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var done = new CancellationTokenSource(Patience);
        await Task.WhenAll(consumers.Select(async consumer =>
        {
            while (received.Count < jobIds.Count && !done.IsCancellationRequested)
            {
                try
                {
                    foreach (var delivery in await consumer.ReceiveAsync(5, done.Token))
                    {
                        received.Add(Assert.IsType<JobMessage.ScoreJob>(delivery.Message).JobId);
                        await delivery.CompleteAsync(CancellationToken.None);
                    }
                }
                catch (OperationCanceledException) when (done.IsCancellationRequested)
                {
                }

                if (received.Count >= jobIds.Count) await done.CancelAsync();
            }
        }));

        Assert.Equal(jobIds.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EnqueueAsync_NotAJobId_Throws()
    {
        var queue = CreateSut();

        await Assert.ThrowsAsync<ArgumentException>(() => queue.EnqueueAsync(new JobMessage.ScoreJob("../x"), CancellationToken.None));
    }

    private static async Task<IReadOnlyList<JobDelivery>> ReceiveAsync(StorageJobQueue queue)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await queue.ReceiveAsync(32, timeout.Token);
    }

    /// <summary>The messages on <paramref name="queueName"/> as they are stored, hiding them for <paramref name="visibleAfter"/> (1 s).</summary>
    private async Task<QueueMessage[]> PeekAsync(string queueName, TimeSpan? visibleAfter = null)
    {
        var raw = Raw(queueName);
        await raw.CreateIfNotExistsAsync();
        return (await raw.ReceiveMessagesAsync(32, visibleAfter ?? TimeSpan.FromSeconds(1))).Value;
    }
}
