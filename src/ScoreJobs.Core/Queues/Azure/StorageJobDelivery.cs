using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Storage.Queues.Models;

namespace ScoreJobs.Queues.Azure;

/// <summary>
/// One received Storage queue message. Its pop receipt changes with every visibility update, so the
/// operations take turns; once completed, retried or poisoned the delivery is settled and further calls do nothing.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The semaphore never allocates a wait handle (AvailableWaitHandle is unused), so there is nothing to dispose.")]
internal sealed class StorageJobDelivery(StorageJobQueue owner, QueueMessage item) : JobDelivery
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private string _popReceipt = item.PopReceipt;
    private bool _settled;

    public override JobMessage? Message { get; } = JobMessage.FromJson(item.Body.ToMemory().Span);

    /// <summary>The text as it sat on the queue: the base64 the SDK decoded.</summary>
    public override string RawText { get; } = Convert.ToBase64String(item.Body.ToMemory().Span);

    public override int DequeueCount => (int)item.DequeueCount;

    public string MessageId => item.MessageId;

    /// <summary>A third of the visibility timeout, so that one failed renewal still leaves time for the next.</summary>
    public override TimeSpan? KeepAliveInterval => owner.VisibilityTimeout / 3;

    public override Task CompleteAsync(CancellationToken cancellationToken) =>
        SettleAsync(async ct =>
        {
            if (!await DeleteAsync(ct)) Log.MessageLost(owner.Logger, item.MessageId, "complete");
        }, cancellationToken);

    public override Task RetryLaterAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        SettleAsync(async ct =>
        {
            if (await UpdateVisibilityAsync(StorageJobQueue.WholeSeconds(delay, minimum: 0), ct) is null) Log.MessageLost(owner.Logger, item.MessageId, "retry");
        }, cancellationToken);

    public override Task MoveToPoisonAsync(CancellationToken cancellationToken) =>
        SettleAsync(async ct =>
        {
            await owner.PutPoisonAsync(RawText, ct);
            if (!await DeleteAsync(ct)) Log.MessageLost(owner.Logger, item.MessageId, "remove after poisoning");
            Log.MessagePoisoned(owner.Logger, item.MessageId, owner.PoisonQueueName, DequeueCount);
        }, cancellationToken);

    public override async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            if (_settled) return;
            var receipt = await UpdateVisibilityAsync(owner.VisibilityTimeout, cancellationToken);
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

    private async Task<bool> DeleteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await owner.Queue.DeleteMessageAsync(item.MessageId, _popReceipt, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (IsLost(exception))
        {
            return false;
        }
    }

    /// <summary>The new pop receipt, or null when the message is gone or another receiver holds it now.</summary>
    private async Task<string?> UpdateVisibilityAsync(TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        try
        {
            return (await owner.Queue.UpdateMessageAsync(item.MessageId, _popReceipt, visibilityTimeout: visibilityTimeout, cancellationToken: cancellationToken)).Value.PopReceipt;
        }
        catch (RequestFailedException exception) when (IsLost(exception))
        {
            return null;
        }
    }

    // 404 MessageNotFound: deleted, expired, or its pop receipt was superseded; 400 PopReceiptMismatch: the same, on some services.
    private static bool IsLost(RequestFailedException exception) =>
        exception.Status == 404 || exception.ErrorCode == "PopReceiptMismatch";

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
