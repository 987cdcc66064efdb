namespace ScoreJobs.Records;

/// <summary>
/// A job's lifecycle: queued, then running, then completed or failed. A job of a dataset run that was cancelled before
/// it started ends <see cref="Cancelled"/> instead.
/// </summary>
public enum JobStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}
