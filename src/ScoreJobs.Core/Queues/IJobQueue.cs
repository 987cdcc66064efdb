namespace ScoreJobs.Queues;

/// <summary>The work queue: in-process in embedded mode, the Storage queue <c>score-jobs</c> otherwise.</summary>
public interface IJobQueue
{
    /// <summary>Adds <paramref name="message"/>, to be received no sooner than <paramref name="delay"/> from now (zero: at once).</summary>
    Task EnqueueAsync(JobMessage message, TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>
    /// Waits until at least one message is available (polling with backoff where the transport needs it)
    /// and returns up to <paramref name="maxMessages"/> deliveries. Never returns an empty list.
    /// </summary>
    Task<IReadOnlyList<JobDelivery>> ReceiveAsync(int maxMessages, CancellationToken cancellationToken);

    /// <summary>One cheap call that shows the queue answers (for readiness); throws when it does not.</summary>
    Task CheckReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
