namespace ScoreJobs.Cli.Runs;

/// <summary>The 202 of POST /api/score/runs.</summary>
internal sealed record RunAccepted
{
    public required string RunId { get; init; }
    public string? Status { get; init; }
    public int Samples { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public string? StatusUrl { get; init; }
}
