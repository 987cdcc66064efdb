namespace ScoreJobs.Runs;

/// <summary>
/// Where a dataset run stands, derived from its jobs: queued until one starts, running while any sample is left,
/// then completed (some sample scored), failed (none could be), or cancelled (a cancel was asked for).
/// </summary>
public enum RunStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}
