namespace ScoreJobs.Queues;

/// <summary>One delivery of a queue message to a worker, with what the worker may do with it.</summary>
public abstract class JobDelivery
{
    /// <summary>The parsed message, or null when the text is not one of ours (it goes to the poison queue).</summary>
    public abstract JobMessage? Message { get; }

    /// <summary>The message text as it arrived, for logs and the poison queue.</summary>
    public abstract string RawText { get; }

    /// <summary>1 on the first delivery, counting up on each redelivery.</summary>
    public abstract int DequeueCount { get; }

    /// <summary>The job is done with: remove the message.</summary>
    public abstract Task CompleteAsync(CancellationToken cancellationToken);

    /// <summary>Deliver the message again after <paramref name="delay"/>.</summary>
    public abstract Task RetryLaterAsync(TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>Move the message aside (the <c>-poison</c> queue) and remove it from the work queue.</summary>
    public abstract Task MoveToPoisonAsync(CancellationToken cancellationToken);

    /// <summary>How often a worker must call <see cref="KeepAliveAsync"/> while the job runs; null when never.</summary>
    public virtual TimeSpan? KeepAliveInterval => null;

    /// <summary>Keep the message hidden from other workers while a long job runs.</summary>
    public virtual Task KeepAliveAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
