namespace ScoreJobs.Cli.Runs;

/// <summary>The 200 of POST /api/score/runs?dry_run=true: the run as it would be submitted and what it would spend.</summary>
internal sealed record RunEstimate
{
    public int Samples { get; init; }
    public IReadOnlyList<string> Metrics { get; init; } = [];
    public string? Mode { get; init; }
    public string? JudgeModel { get; init; }
    public required JudgeEstimate Estimate { get; init; }
}
