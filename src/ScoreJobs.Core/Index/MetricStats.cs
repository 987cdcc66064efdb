namespace ScoreJobs.Index;

/// <summary>How many jobs scored a metric, and its mean over them.</summary>
public sealed record MetricStats(long Count, double? Mean);
