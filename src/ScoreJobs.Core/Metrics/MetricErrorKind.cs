namespace ScoreJobs.Metrics;

/// <summary>Why a metric has no score. Stable wire names (snake_case).</summary>
public enum MetricErrorKind
{
    RateLimit,
    Auth,
    Timeout,
    Parse,
    ModelError,
    MissingInput,
    Internal,
}
