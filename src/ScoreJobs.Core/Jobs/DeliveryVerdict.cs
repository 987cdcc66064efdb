namespace ScoreJobs.Jobs;

/// <summary>The decision about one delivery of a queue message.</summary>
/// <param name="Action">What to do with the message.</param>
/// <param name="RetryAfter">For <see cref="DeliveryAction.RetryLater"/> and <see cref="DeliveryAction.Requeue"/>: how long until the message is delivered again.</param>
/// <param name="Reason">Why the message is retried or poisoned, as a sentence for logs; null when complete.</param>
/// <param name="Error">For <see cref="DeliveryAction.RetryLater"/>: the failure that is retried.</param>
public sealed record DeliveryVerdict(DeliveryAction Action, TimeSpan RetryAfter, string? Reason, Exception? Error)
{
    public static DeliveryVerdict Complete { get; } = new(DeliveryAction.Complete, TimeSpan.Zero, null, null);

    public static DeliveryVerdict Retry(TimeSpan after, string reason, Exception error) => new(DeliveryAction.RetryLater, after, reason, error);

    public static DeliveryVerdict Requeue(TimeSpan after, string reason) => new(DeliveryAction.Requeue, after, reason, null);

    public static DeliveryVerdict Poison(string reason) => new(DeliveryAction.Poison, TimeSpan.Zero, reason, null);
}
