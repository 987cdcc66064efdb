namespace ScoreJobs.Bench.Reports;

/// <summary>Latency percentiles in milliseconds over <see cref="Count"/> samples.</summary>
internal sealed record LatencySummary(int Count, double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MeanMs);
