namespace ScoreJobs.Jobs;

/// <summary>What a consumer does with a queue message once <see cref="JobDeliveryHandler"/> has handled it.</summary>
public enum DeliveryAction
{
    /// <summary>Done with: delete the message.</summary>
    Complete,

    /// <summary>Failed, and deliveries remain: make the message visible again later.</summary>
    RetryLater,

    /// <summary>Not ours, no such job, or given up (its record is marked failed): move it to the poison queue.</summary>
    Poison,
}
