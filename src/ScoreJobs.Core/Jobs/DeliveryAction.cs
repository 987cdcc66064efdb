namespace ScoreJobs.Jobs;

/// <summary>What a consumer does with a queue message once <see cref="JobDeliveryHandler"/> has handled it.</summary>
public enum DeliveryAction
{
    /// <summary>Done with: delete the message.</summary>
    Complete,

    /// <summary>Failed, and deliveries remain: make the message visible again later.</summary>
    RetryLater,

    /// <summary>
    /// Not a failure: the job waits (the daily judge budget is spent). Queue a fresh copy of the message to be delivered
    /// after the verdict's delay, then delete this one, so the wait uses none of the message's deliveries (a message made
    /// visible again counts one more dequeue, and would reach the poison queue after a day of waiting).
    /// </summary>
    Requeue,

    /// <summary>Not ours, no such job, or given up (its record is marked failed): move it to the poison queue.</summary>
    Poison,
}
