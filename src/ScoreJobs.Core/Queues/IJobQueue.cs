namespace ScoreJobs.Queues;

/// <summary>The work queue: in-process in embedded mode, the Storage queue <c>score-jobs</c> otherwise.</summary>
public interface IJobQueue
{
    Task EnqueueAsync(JobMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Waits until at least one message is available (polling with backoff where the transport needs it)
    /// and returns up to <paramref name="maxMessages"/> deliveries. Never returns an empty list.
    /// </summary>
    Task<IReadOnlyList<JobDelivery>> ReceiveAsync(int maxMessages, CancellationToken cancellationToken);
}
