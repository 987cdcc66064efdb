namespace ScoreJobs.Runs;

/// <summary>What submitting a run came to.</summary>
public sealed record SubmitRunResult
{
    public RunRecord? Run { get; init; }

    /// <summary>The Idempotency-Key was seen before with the same submission: <see cref="Run"/> is the earlier run.</summary>
    public bool Replayed { get; init; }

    /// <summary>The Idempotency-Key was seen before with a different submission.</summary>
    public bool KeyConflict { get; init; }

    public static SubmitRunResult Accepted(RunRecord run, bool replayed) => new() { Run = run, Replayed = replayed };

    public static SubmitRunResult Conflict { get; } = new() { KeyConflict = true };
}
