using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ScoreJobs.Queues.InProcess;

/// <summary>
/// Embedded-mode queue: a channel in memory. It is not durable by itself; the records are, and
/// <see cref="Jobs.PendingJobRecovery"/> re-enqueues queued and running jobs when the process starts.
/// </summary>
internal sealed class InProcessJobQueue(TimeProvider time, ILogger<InProcessJobQueue> logger) : IJobQueue
{
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;
    private readonly Channel<Delivery> _channel = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = false });
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly Lock _pendingLock = new();

    /// <summary>Messages waiting (not yet received).</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>
    /// Enqueues the message unless the same one is already waiting (recovery and a replayed submit may both enqueue a
    /// job). A delayed message waits on a timer of the injected clock, in memory: recovery re-queues what a restart loses.
    /// </summary>
    public Task EnqueueAsync(JobMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            _ = EnqueueLaterAsync(message, delay);
            return Task.CompletedTask;
        }

        lock (_pendingLock)
        {
            if (!_pending.Add(PendingKey(message))) return Task.CompletedTask;
        }

        return _channel.Writer.WriteAsync(new Delivery(this, message, dequeueCount: 1), cancellationToken).AsTask();
    }

    public async Task<IReadOnlyList<JobDelivery>> ReceiveAsync(int maxMessages, CancellationToken cancellationToken)
    {
        var first = await _channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var deliveries = new List<JobDelivery>(maxMessages) { first };
        while (deliveries.Count < maxMessages && _channel.Reader.TryRead(out var next))
        {
            deliveries.Add(next);
        }

        lock (_pendingLock)
        {
            foreach (var delivery in deliveries) _pending.Remove(PendingKey(delivery.Message!));
        }

        return deliveries;
    }

    // The same job (or callback attempt) queued from two traces is still one pending message.
    private static string PendingKey(JobMessage message) => (message with { Traceparent = null }).ToJson();

    private async Task EnqueueLaterAsync(JobMessage message, TimeSpan delay)
    {
        await Task.Delay(delay, _time).ConfigureAwait(false);
        await EnqueueAsync(message, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
    }

    private sealed class Delivery(InProcessJobQueue queue, JobMessage message, int dequeueCount) : JobDelivery
    {
        public override JobMessage? Message => message;

        public override string RawText { get; } = message.ToJson();

        public override int DequeueCount => dequeueCount;

        public override Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task RetryLaterAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            _ = RedeliverAsync(delay);
            return Task.CompletedTask;
        }

        public override Task MoveToPoisonAsync(CancellationToken cancellationToken)
        {
            // The record is marked failed by the worker; in memory there is nowhere else to keep the message.
            Log.PoisonDropped(queue._logger, RawText);
            return Task.CompletedTask;
        }

        private async Task RedeliverAsync(TimeSpan delay)
        {
            await Task.Delay(delay, queue._time).ConfigureAwait(false);
            await queue._channel.Writer.WriteAsync(new Delivery(queue, message, dequeueCount + 1)).ConfigureAwait(false);
        }
    }
}
