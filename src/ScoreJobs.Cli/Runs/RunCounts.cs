namespace ScoreJobs.Cli.Runs;

/// <summary>How many of a run's samples are in each state.</summary>
internal sealed record RunCounts
{
    public int Queued { get; init; }
    public int Running { get; init; }
    public int Completed { get; init; }
    public int Failed { get; init; }
    public int Cancelled { get; init; }
}
