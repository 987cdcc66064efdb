namespace ScoreJobs.Metrics;

/// <summary>How a metric ended on a job: scored, skipped for missing inputs, or failed.</summary>
public enum MetricStatus
{
    Ok,
    Skipped,
    Failed,
}
