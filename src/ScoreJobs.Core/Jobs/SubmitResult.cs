using ScoreJobs.Records;

namespace ScoreJobs.Jobs;

/// <summary>What submitting a job came to.</summary>
public sealed record SubmitResult
{
    public JobRecord? Job { get; init; }

    /// <summary>The Idempotency-Key was seen before with the same request: <see cref="Job"/> is the earlier job.</summary>
    public bool Replayed { get; init; }

    /// <summary>The Idempotency-Key was seen before with a different request.</summary>
    public bool KeyConflict { get; init; }

    public static SubmitResult Accepted(JobRecord job, bool replayed) => new() { Job = job, Replayed = replayed };

    public static SubmitResult Conflict { get; } = new() { KeyConflict = true };
}
