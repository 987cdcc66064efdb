namespace ScoreJobs.Queues;

internal static class JobQueueExtensions
{
    /// <summary>Adds <paramref name="message"/> to be received at once.</summary>
    public static Task EnqueueAsync(this IJobQueue queue, JobMessage message, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(message, TimeSpan.Zero, cancellationToken);
}
