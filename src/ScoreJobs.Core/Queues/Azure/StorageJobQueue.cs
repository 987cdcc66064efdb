using System.Text.Json;
using Microsoft.Extensions.Logging;
using ScoreJobs.Jobs;
using ScoreJobs.Json;
using ScoreJobs.Storage.Azure;

namespace ScoreJobs.Queues.Azure;

/// <summary>
/// The Storage queue <c>score-jobs</c>, shared by every server instance and the Functions app (competing
/// consumers). A message is the base64 of <c>{"job_id":"..."}</c>, as the Functions queue trigger expects by
/// default. A received message stays hidden for <see cref="VisibilityTimeout"/> (renewed by
/// <see cref="JobDelivery.KeepAliveAsync"/>) and reappears if its worker dies; poison goes to <c>{queue}-poison</c>.
/// </summary>
public sealed class StorageJobQueue : IJobQueue
{
    public static readonly TimeSpan DefaultVisibilityTimeout = TimeSpan.FromMinutes(2);
    internal static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(100);
    internal static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(2);

    private readonly QueueRestClient _queue;
    private readonly QueueRestClient _poisonQueue;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<StorageJobQueue> _logger;
    private volatile bool _queueReady;
    private volatile bool _poisonQueueReady;

    internal StorageJobQueue(QueueRestClient queue, QueueRestClient poisonQueue, TimeProvider timeProvider, ILogger<StorageJobQueue> logger, TimeSpan? visibilityTimeout = null)
    {
        _queue = queue;
        _poisonQueue = poisonQueue;
        _timeProvider = timeProvider;
        _logger = logger;
        VisibilityTimeout = visibilityTimeout ?? DefaultVisibilityTimeout;
    }

    /// <summary>The queue <paramref name="queueName"/> (and <c>{queueName}-poison</c>) of the account that <paramref name="httpClient"/> is authenticated to.</summary>
    public StorageJobQueue(StorageAccountSettings settings, string queueName, HttpClient httpClient, TimeProvider timeProvider, ILogger<StorageJobQueue> logger, TimeSpan? visibilityTimeout = null)
        : this(
            new QueueRestClient(httpClient, new Uri($"{settings.QueueEndpoint}/{queueName}")),
            new QueueRestClient(httpClient, new Uri($"{settings.QueueEndpoint}/{queueName}-poison")),
            timeProvider,
            logger,
            visibilityTimeout)
    {
    }

    /// <summary>How long a received message stays hidden from other consumers; call KeepAlive well within it.</summary>
    public TimeSpan VisibilityTimeout { get; }

    public string QueueName => _queue.QueueName;

    public string PoisonQueueName => _poisonQueue.QueueName;

    /// <summary>Sends the message; a <paramref name="delay"/> is the message's initial visibility timeout (at most 7 days).</summary>
    public async Task EnqueueAsync(JobMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (!JobId.IsValid(message.JobId)) throw new ArgumentException($"'{message.JobId}' is not a job id.", nameof(message));
        var text = Encode(message);
        await WithQueueAsync(ct => _queue.PutMessageAsync(text, timeToLive: null, ct, visibilityTimeout: delay), cancellationToken);
    }

    /// <summary>Readiness: one Create Queue call (an existing queue answers 204), so a missing queue is made rather than reported.</summary>
    public Task CheckReadyAsync(CancellationToken cancellationToken) => _queue.CreateIfNotExistsAsync(cancellationToken);

    public async Task<IReadOnlyList<JobDelivery>> ReceiveAsync(int maxMessages, CancellationToken cancellationToken)
    {
        var delay = FirstPollDelay;
        while (true)
        {
            var messages = await WithQueueAsync(ct => _queue.GetMessagesAsync(maxMessages, VisibilityTimeout, ct), cancellationToken);
            if (messages.Count > 0)
            {
                return messages.Select(m => (JobDelivery)new StorageJobDelivery(this, m)).ToList();
            }

            await Task.Delay(delay, _timeProvider, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPollDelay.Ticks));
        }
    }

    /// <summary>The message text for <paramref name="message"/>: base64 of its JSON, as the Functions queue trigger decodes it.</summary>
    public static string Encode(JobMessage message) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(message, ScoreJobsJsonContext.Default.JobMessage));

    /// <summary>The job message in <paramref name="messageText"/>, or null when it is not base64 JSON of one of ours.</summary>
    public static JobMessage? Decode(string messageText)
    {
        var bytes = new byte[messageText.Length];
        return Convert.TryFromBase64String(messageText.Trim(), bytes, out var length) ? JobMessage.FromJson(bytes.AsSpan(0, length)) : null;
    }

    internal QueueRestClient Queue => _queue;

    internal ILogger Logger => _logger;

    internal async Task PutPoisonAsync(string messageText, CancellationToken cancellationToken)
    {
        if (!_poisonQueueReady)
        {
            await _poisonQueue.CreateIfNotExistsAsync(cancellationToken);
            _poisonQueueReady = true;
        }

        // Poison is kept until someone looks at it, rather than expiring after the default 7 days.
        await _poisonQueue.PutMessageAsync(messageText, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
    }

    // Creates the queue on first use, and again if it disappears (a fresh Azurite, a deleted queue).
    private async Task<T> WithQueueAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        if (!_queueReady) await CreateQueueAsync(cancellationToken);
        try
        {
            return await operation(cancellationToken);
        }
        catch (StorageRequestException exception) when (exception.ErrorCode == "QueueNotFound")
        {
            await CreateQueueAsync(cancellationToken);
            return await operation(cancellationToken);
        }
    }

    private async Task WithQueueAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        await WithQueueAsync(
            async ct =>
            {
                await operation(ct);
                return true;
            },
            cancellationToken);

    private async Task CreateQueueAsync(CancellationToken cancellationToken)
    {
        await _queue.CreateIfNotExistsAsync(cancellationToken);
        if (!_queueReady) Log.QueueReady(_logger, _queue.QueueName);
        _queueReady = true;
    }
}
