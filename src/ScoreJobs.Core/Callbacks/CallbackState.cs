namespace ScoreJobs.Callbacks;

/// <summary>The <c>callback</c> of a job record: where it goes, where it stands, and every attempt so far.</summary>
public sealed record CallbackState
{
    public required string Url { get; init; }

    public required CallbackStatus Status { get; init; }

    /// <summary>The <c>webhook-id</c> header: the same on every attempt, so a receiver can drop repeats.</summary>
    public required string WebhookId { get; init; }

    public IReadOnlyList<CallbackAttempt> Attempts { get; init; } = [];

    /// <summary>When the next attempt is due, while <see cref="Status"/> is pending after a failed attempt.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}
