using System.Diagnostics.CodeAnalysis;

namespace ScoreJobs.Queues.Azure;

/// <summary>
/// One received Storage queue message. Its pop receipt changes with every visibility update, so the
/// operations take turns; once completed, retried or poisoned the delivery is settled and further calls do nothing.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The semaphore never allocates a wait handle (AvailableWaitHandle is unused), so there is nothing to dispose.")]
internal sealed class StorageJobDelivery(StorageJobQueue owner, QueueMessageItem item) : JobDelivery
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private string _popReceipt = item.PopReceipt;
    private bool _settled;

    public override JobMessage? Message { get; } = StorageJobQueue.Decode(item.MessageText);

    public override string RawText => item.MessageText;

    public override int DequeueCount => item.DequeueCount;

    public string MessageId => item.MessageId;

    /// <summary>A third of the visibility timeout, so that one failed renewal still leaves time for the next.</summary>
    public override TimeSpan? KeepAliveInterval => owner.VisibilityTimeout / 3;

    public override Task CompleteAsync(CancellationToken cancellationToken) =>
        SettleAsync(async ct =>
        {
            if (!await owner.Queue.DeleteMessageAsync(item.MessageId, _popReceipt, ct)) Log.MessageLost(owner.Logger, item.MessageId, "complete");
        }, cancellationToken);

    public override Task RetryLaterAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        SettleAsync(async ct =>
        {
            var receipt = await owner.Queue.UpdateVisibilityAsync(item.MessageId, _popReceipt, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, ct);
            if (receipt is null) Log.MessageLost(owner.Logger, item.MessageId, "retry");
        }, cancellationToken);

    public override Task MoveToPoisonAsync(CancellationToken cancellationToken) =>
        SettleAsync(async ct =>
        {
            await owner.PutPoisonAsync(item.MessageText, ct);
            if (!await owner.Queue.DeleteMessageAsync(item.MessageId, _popReceipt, ct)) Log.MessageLost(owner.Logger, item.MessageId, "remove after poisoning");
            Log.MessagePoisoned(owner.Logger, item.MessageId, owner.PoisonQueueName, item.DequeueCount);
        }, cancellationToken);

    public override async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            if (_settled) return;
            var receipt = await owner.Queue.UpdateVisibilityAsync(item.MessageId, _popReceipt, owner.VisibilityTimeout, cancellationToken);
            if (receipt is null)
            {
                Log.MessageLost(owner.Logger, item.MessageId, "keep alive");
                _settled = true;
                return;
            }

            _popReceipt = receipt;
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task SettleAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            if (_settled) return;
            await operation(cancellationToken);
            _settled = true;
        }
        finally
        {
            _turn.Release();
        }
    }
}
