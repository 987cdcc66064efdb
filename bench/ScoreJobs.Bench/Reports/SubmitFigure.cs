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

    /// <summary>Server CPU per accepted submit, including the worker scoring and storing that job.</summary>
    public required double ServerCpuMsPerJob { get; init; }

    /// <summary>Azurite's CPU per accepted submit and the work on that job (Azurite mode).</summary>
    public double? StorageCpuMsPerJob { get; init; }

    /// <summary>The bench's own CPU per submit (HTTP client, request bodies).</summary>
    public required double ClientCpuMsPerJob { get; init; }

    /// <summary>Below saturation: the same clients sending at half the rate they reached back to back.</summary>
    public required double PacedPerSecond { get; init; }

    public required LatencySummary PacedLatency { get; init; }
}
