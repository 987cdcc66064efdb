namespace ScoreJobs.Callbacks;

/// <summary>Where a job's callback stands: waiting for (another) attempt, delivered (a 2xx), or given up.</summary>
public enum CallbackStatus
{
    Pending,
    Delivered,
    Failed,
}
