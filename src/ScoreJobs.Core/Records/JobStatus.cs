namespace ScoreJobs.Records;

/// <summary>A job's lifecycle: queued, then running, then completed or failed.</summary>
public enum JobStatus
{
    Queued,
    Running,
    Completed,
    Failed,
}
