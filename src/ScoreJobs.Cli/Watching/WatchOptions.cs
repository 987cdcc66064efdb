namespace ScoreJobs.Cli.Watching;

/// <summary>How to show a run: once or until it ends, for people or as JSON, for how long, and what Ctrl+C does.</summary>
internal sealed record WatchOptions(bool Wait, bool Json, TimeSpan? Timeout, bool CancelOnInterrupt)
{
    /// <summary>The --min-agreement floors the verdict checks before the thresholds.</summary>
    public IReadOnlyList<Runs.AgreementFloor> MinAgreement { get; init; } = [];
}
