namespace ScoreJobs.Cli.Runs;

/// <summary>Run records as the API sends them, for the tests that need no server.</summary>
internal static class SampleRuns
{
    public static RunRecord Completed(bool? passed = true, IReadOnlyDictionary<string, double>? thresholds = null) => new()
    {
        RunId = "r_abc",
        Name = "nightly",
        Status = RunStatus.Completed,
        CreatedAt = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero),
        StartedAt = new DateTimeOffset(2026, 12, 1, 8, 0, 1, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2026, 12, 1, 8, 2, 11, TimeSpan.Zero),
        Samples = 4,
        Counts = new RunCounts { Completed = 3, Failed = 1 },
        Metrics = ["token_f1", "exact_match"],
        Thresholds = thresholds ?? new Dictionary<string, double> { ["token_f1"] = 0.5 },
        Aggregates = new Dictionary<string, MetricAggregate>
        {
            ["exact_match"] = new() { N = 3, Mean = 1 / 3.0, Median = 0, P10 = 0, Min = 0, Max = 1, Stdev = 0.471 },
            ["weighted_score"] = new() { N = 3, Mean = 0.6, Median = 0.55, P10 = 0.41, Min = 0.4, Max = 0.85, Stdev = 0.19 },
            ["token_f1"] = new() { N = 3, Mean = 0.7, Median = 0.667, P10 = 0.5, Min = 0.5, Max = 1, Stdev = 0.2, PassRate = 2 / 3.0 },
        },
        Passed = passed,
        Usage = new RunUsage { JudgeCalls = 0 },
    };

    public static RunRecord Running() => Completed(passed: null) with
    {
        Status = RunStatus.Running,
        FinishedAt = null,
        Counts = new RunCounts { Completed = 1, Running = 2, Queued = 1 },
        Aggregates = null,
    };
}
