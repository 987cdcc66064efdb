using System.Threading.Channels;
using ScoreJobs.Queues;

namespace ScoreJobs.Fakes;

/// <summary>A queue whose deliveries the test writes (any text, any dequeue count) and whose settling it observes.</summary>
internal sealed class ScriptedJobQueue : IJobQueue
{
    private readonly Channel<ScriptedDelivery> _channel = Channel.CreateUnbounded<ScriptedDelivery>();
    private int _failReceives;
    private int _receiveAttempts;

    public void FailNextReceives(int count) => _failReceives = count;

    /// <summary>Calls to <see cref="ReceiveAsync"/> so far, failed ones included.</summary>
    public int ReceiveAttempts => Volatile.Read(ref _receiveAttempts);

    public ScriptedDelivery Deliver(JobMessage? message, string rawText, int dequeueCount = 1)
    {
        var delivery = new ScriptedDelivery(message, rawText, dequeueCount);
        _channel.Writer.TryWrite(delivery);
        return delivery;
    }

    public Task EnqueueAsync(JobMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        Deliver(message, (message as JobMessage.ScoreJob)?.JobId ?? message.ToJson());
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<JobDelivery>> ReceiveAsync(int maxMessages, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _receiveAttempts);
        if (Interlocked.Decrement(ref _failReceives) >= 0) throw new IOException("queue unreachable");
        return [await _channel.Reader.ReadAsync(cancellationToken)];
    }

    internal sealed class ScriptedDelivery(JobMessage? message, string rawText, int dequeueCount) : JobDelivery
    {
        private readonly TaskCompletionSource<string> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override JobMessage? Message => message;
        public override string RawText => rawText;
        public override int DequeueCount => dequeueCount;

        /// <summary>How the worker settled it: completed, retry, or poison.</summary>
        public Task<string> Settled => _settled.Task;

        public override Task CompleteAsync(CancellationToken cancellationToken) => Settle("completed");
        public override Task RetryLaterAsync(TimeSpan delay, CancellationToken cancellationToken) => Settle("retry");
        public override Task MoveToPoisonAsync(CancellationToken cancellationToken) => Settle("poison");

        private Task Settle(string how)
        {
            _settled.TrySetResult(how);
            return Task.CompletedTask;
        }
    }
}
