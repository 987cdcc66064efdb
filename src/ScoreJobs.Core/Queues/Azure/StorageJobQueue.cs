using ScoreJobs.Records;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using ScoreJobs.Json;
using ScoreJobs.Storage.Azure;

namespace ScoreJobs.Queues.Azure;

/// <summary>
/// The Storage queue <c>score-jobs</c>, shared by every server instance and the Functions app (competing
/// consumers). A message is the base64 of <c>{"job_id":"..."}</c>, as the Functions queue trigger expects by
/// default; the SDK encodes and decodes it (<see cref="ConfigureOptions"/>). A received message stays hidden for
/// <see cref="VisibilityTimeout"/> (renewed by <see cref="JobDelivery.KeepAliveAsync"/>) and reappears if its worker
/// dies; poison goes to <c>{queue}-poison</c>, text unchanged.
/// </summary>
internal sealed class StorageJobQueue : IJobQueue, IDisposable
{
    public static readonly TimeSpan DefaultVisibilityTimeout = TimeSpan.FromMinutes(2);
    internal static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(100);
    internal static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(2);

    /// <summary>The most messages one Get Messages call returns.</summary>
    internal const int MaxMessagesPerGet = 32;

    internal const string PoisonSuffix = "-poison";
    private static readonly TimeSpan Forever = TimeSpan.FromSeconds(-1);

    private readonly QueueClient _queue;
    private readonly QueueClient _poisonQueue;
    private readonly ResiliencePipeline<QueueMessage[]> _polling;
    private readonly ILogger<StorageJobQueue> _logger;
    private volatile bool _queueReady;
    private volatile bool _poisonQueueReady;

    // Cancelled when this instance sends a message that is visible at once: the receiver waiting out its poll delay
    // asks again now instead (a live job submitted here beside a draining run waited up to 2 s for the next poll).
    private CancellationTokenSource _wake = new();

    /// <summary>
    /// The work queue <paramref name="queue"/>, from a client set up by <see cref="ConfigureOptions"/>, and its
    /// <c>-poison</c> queue <paramref name="poisonQueue"/>, from a client without message encoding (text is copied as it was).
    /// </summary>
    public StorageJobQueue(QueueClient queue, QueueClient poisonQueue, TimeProvider timeProvider, ILogger<StorageJobQueue> logger, TimeSpan? visibilityTimeout = null)
    {
        _queue = queue;
        _poisonQueue = poisonQueue;
        _logger = logger;
        VisibilityTimeout = visibilityTimeout ?? DefaultVisibilityTimeout;
        // An empty queue is polled at 100 ms, then 200 ms, doubling up to 2 s; a message resets the wait.
        _polling = new ResiliencePipelineBuilder<QueueMessage[]> { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions<QueueMessage[]>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Length: 0 }),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = FirstPollDelay,
                MaxDelay = MaxPollDelay,
            })
            .Build();
    }

    /// <summary>
    /// The queue <paramref name="queueName"/> (and <c>{queueName}-poison</c>) of the account a connection string names,
    /// its requests sent through <paramref name="httpClient"/> (tools and tests; hosts get theirs from <c>AddScoreJobs</c>).
    /// </summary>
    public StorageJobQueue(StorageAccountSettings settings, string queueName, HttpClient httpClient, TimeProvider timeProvider, ILogger<StorageJobQueue> logger, TimeSpan? visibilityTimeout = null)
        : this(Clients(settings, queueName, httpClient, logger), timeProvider, logger, visibilityTimeout)
    {
    }

    private StorageJobQueue((QueueClient Queue, QueueClient Poison) clients, TimeProvider timeProvider, ILogger<StorageJobQueue> logger, TimeSpan? visibilityTimeout)
        : this(clients.Queue, clients.Poison, timeProvider, logger, visibilityTimeout)
    {
    }

    /// <summary>How long a received message stays hidden from other consumers; call KeepAlive well within it.</summary>
    public TimeSpan VisibilityTimeout { get; }

    public string QueueName => _queue.Name;

    public string PoisonQueueName => _poisonQueue.Name;

    /// <summary>
    /// Base64 message text, as the Functions queue trigger reads it. A message that is not base64 cannot be one of
    /// ours: it is moved to its poison queue, text unchanged, through <paramref name="plainQueues"/> (a client of the
    /// same account without message encoding), as the Functions host does with such messages.
    /// </summary>
    public static void ConfigureOptions(QueueClientOptions options, QueueServiceClient plainQueues, ILogger logger)
    {
        options.MessageEncoding = QueueMessageEncoding.Base64;
        options.MessageDecodingFailed += args => MoveUndecodableAsideAsync(args, plainQueues, logger);
    }

    /// <summary>Sends the message; a <paramref name="delay"/> is the message's initial visibility timeout (at most 7 days).</summary>
    public async Task EnqueueAsync(JobMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (!message.CanBeSent) throw new ArgumentException($"'{message.ToJson()}' is not a job or run message.", nameof(message));
        var body = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(message, QueueJsonContext.Default.JobMessage));
        await WithQueueAsync(ct => _queue.SendMessageAsync(body, visibilityTimeout: delay > TimeSpan.Zero ? delay : null, cancellationToken: ct), cancellationToken);
        if (delay <= TimeSpan.Zero) Wake();
    }

    public void Dispose() => _wake.Dispose();

    private void Wake()
    {
        var woken = Interlocked.Exchange(ref _wake, new CancellationTokenSource());
        // Not disposed: a receiver may still be reading its token (a source without a timer holds nothing to free).
        woken.Cancel();
    }

    /// <summary>Readiness: one Create Queue call (an existing queue answers 204), so a missing queue is made rather than reported.</summary>
    public async Task CheckReadyAsync(CancellationToken cancellationToken) =>
        await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<JobDelivery>> ReceiveAsync(int maxMessages, CancellationToken cancellationToken)
    {
        var count = Math.Clamp(maxMessages, 1, MaxMessagesPerGet);
        while (true)
        {
            // A wake cuts short the wait between polls, never a receive in flight: the receive runs on the caller's
            // token, so messages it took are always returned (the retry only ever waits after an empty answer).
            var wake = Volatile.Read(ref _wake).Token;
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, wake);
            try
            {
                var messages = await _polling.ExecuteAsync(
                    async _ => (await WithQueueAsync(c => _queue.ReceiveMessagesAsync(count, WholeSeconds(VisibilityTimeout, minimum: 1), c), cancellationToken)).Value,
                    waiting.Token);
                return messages.Select(m => (JobDelivery)new StorageJobDelivery(this, m)).ToList();
            }
            catch (OperationCanceledException) when (wake.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Woken: poll again at once. Any other cancellation (a request that timed out) goes to the caller as before.
            }
        }
    }

    internal QueueClient Queue => _queue;

    internal ILogger Logger => _logger;

    internal async Task PutPoisonAsync(string messageText, CancellationToken cancellationToken)
    {
        if (!_poisonQueueReady)
        {
            await _poisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _poisonQueueReady = true;
        }

        // Poison is kept until someone looks at it, rather than expiring after the default 7 days.
        await _poisonQueue.SendMessageAsync(messageText, visibilityTimeout: null, timeToLive: Forever, cancellationToken);
    }

    /// <summary>The service counts in whole seconds, up to 7 days; rounds up so a delay is never shortened.</summary>
    internal static TimeSpan WholeSeconds(TimeSpan value, int minimum) =>
        TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(value.TotalSeconds), minimum, TimeSpan.FromDays(7).TotalSeconds));

    private static (QueueClient Queue, QueueClient Poison) Clients(StorageAccountSettings settings, string queueName, HttpClient httpClient, ILogger logger)
    {
        var plain = settings.CreateQueueServiceClient(StorageClients.QueueOptions(httpClient));
        var options = StorageClients.QueueOptions(httpClient);
        ConfigureOptions(options, plain, logger);
        return (settings.CreateQueueServiceClient(options).GetQueueClient(queueName), plain.GetQueueClient(queueName + PoisonSuffix));
    }

    private static async Task MoveUndecodableAsideAsync(QueueMessageDecodingFailedEventArgs args, QueueServiceClient plainQueues, ILogger logger)
    {
        // Peeked messages are only looked at; received ones are held by this receiver until moved.
        if (args.ReceivedMessage is not { } message) return;
        Log.AlienMessage(logger, message.MessageText.Length <= 200 ? message.MessageText : message.MessageText[..200]);
        var poison = plainQueues.GetQueueClient(args.Queue.Name + PoisonSuffix);
        await poison.CreateIfNotExistsAsync(cancellationToken: args.CancellationToken);
        await poison.SendMessageAsync(message.MessageText, visibilityTimeout: null, timeToLive: Forever, args.CancellationToken);
        await args.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, args.CancellationToken);
        Log.MessagePoisoned(logger, message.MessageId, poison.Name, (int)message.DequeueCount);
    }

    // Creates the queue on first use, and again if it disappears (a fresh Azurite, a deleted queue).
    private async Task<T> WithQueueAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        if (!_queueReady) await CreateQueueAsync(cancellationToken);
        try
        {
            return await operation(cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == "QueueNotFound")
        {
            await CreateQueueAsync(cancellationToken);
            return await operation(cancellationToken);
        }
    }

    private async Task CreateQueueAsync(CancellationToken cancellationToken)
    {
        await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        if (!_queueReady) Log.QueueReady(_logger, _queue.Name);
        _queueReady = true;
    }
}
