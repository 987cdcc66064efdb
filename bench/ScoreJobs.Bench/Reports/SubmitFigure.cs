namespace ScoreJobs.Bench.Reports;

/// <summary>POST /api/score/async under a closed loop of <see cref="Clients"/> concurrent clients.</summary>
internal sealed record SubmitFigure
{
    public required string Mode { get; init; }
    public required int Clients { get; init; }
    public required int Requests { get; init; }
    public required int Errors { get; init; }
    public required LatencySummary Latency { get; init; }
    public required double PerSecond { get; init; }
    public required IReadOnlyDictionary<string, int> Statuses { get; init; }
    public required double Seconds { get; init; }
}
