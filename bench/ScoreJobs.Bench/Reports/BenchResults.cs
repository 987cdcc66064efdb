namespace ScoreJobs.Bench.Reports;

/// <summary>One run of <c>bench</c>: where, with what, and every figure it produced.</summary>
internal sealed record BenchResults
{
    public required string Mode { get; init; }
    public required bool Quick { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public double DurationSeconds { get; set; }
    public string? Commit { get; init; }
    public required string CommandLine { get; init; }
    public required MachineInfo Machine { get; init; }
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }
    public IReadOnlyDictionary<string, string> ServerSettings { get; set; } = new Dictionary<string, string>();
    public List<SubmitFigure> Submit { get; } = [];
    public List<ThroughputFigure> Throughput { get; } = [];
    public List<ListingFigure> Listing { get; } = [];
    public List<string> Notes { get; } = [];
}
