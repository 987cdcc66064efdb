namespace ScoreJobs.Bench.Faults;

/// <summary>How hard and how long each scenario pushes: <see cref="Short"/> for the test command, <see cref="Long"/> on demand.</summary>
internal sealed record FaultProfile
{
    public static FaultProfile Short { get; } = new()
    {
        Name = "short",
        KillJudgeLatency = TimeSpan.FromMilliseconds(50),
        KillConcurrency = 4,
        KillRate = 20,
        KillDuration = TimeSpan.FromSeconds(14),
        Kills = 3,
        FaultJobs = 40,
        JudgeCallTimeoutSeconds = 2,
        OutageRate = 15,
        OutageDuration = TimeSpan.FromSeconds(16),
        Outages = 1,
        OutageLength = TimeSpan.FromSeconds(4),
        OutageVisibilityTimeoutSeconds = 10,
        DrainLimit = TimeSpan.FromSeconds(60),
        RunSamples = 300,
    };

    public static FaultProfile Long { get; } = new()
    {
        Name = "long",
        KillJudgeLatency = TimeSpan.FromMilliseconds(200),
        KillConcurrency = 8,
        KillRate = 15,
        KillDuration = TimeSpan.FromSeconds(120),
        Kills = 10,
        FaultJobs = 400,
        JudgeCallTimeoutSeconds = 5,
        OutageRate = 15,
        OutageDuration = TimeSpan.FromSeconds(90),
        Outages = 3,
        OutageLength = TimeSpan.FromSeconds(10),
        DrainLimit = TimeSpan.FromMinutes(5),
        RunSamples = 3000,
    };

    public required string Name { get; init; }
    public required TimeSpan KillJudgeLatency { get; init; }
    public required int KillConcurrency { get; init; }
    public required double KillRate { get; init; }
    public required TimeSpan KillDuration { get; init; }
    public required int Kills { get; init; }
    public required int FaultJobs { get; init; }
    public required double JudgeCallTimeoutSeconds { get; init; }
    public required double OutageRate { get; init; }
    public required TimeSpan OutageDuration { get; init; }
    public required int Outages { get; init; }
    public required TimeSpan OutageLength { get; init; }

    /// <summary>
    /// ScoreJobs__VisibilityTimeoutSeconds for the outage: a job whose result could not be written while storage was
    /// down runs again this long after its message was received. Null keeps the server's default (120 s).
    /// </summary>
    public int? OutageVisibilityTimeoutSeconds { get; init; }
    public required TimeSpan DrainLimit { get; init; }

    /// <summary>Samples in the run the run-kill scenario submits.</summary>
    public required int RunSamples { get; init; }
}
