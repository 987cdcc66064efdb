namespace ScoreJobs.Bench.Reports;

/// <summary>Newest-page list and get latency, startup time and memory with <see cref="Records"/> records stored.</summary>
internal sealed record ListingFigure
{
    public required string Mode { get; init; }
    public required int Records { get; init; }
    public required string SeededVia { get; init; }
    public required double SeedSeconds { get; init; }
    /// <summary>From process start to the first 200 from /api/health.</summary>
    public required double StartupMs { get; init; }

    /// <summary>Of which indexing the records (the local store's own log line; null where the store keeps no index).</summary>
    public double? IndexMs { get; init; }
    public required LatencySummary List { get; init; }
    public required LatencySummary Get { get; init; }
    public required int PageSize { get; init; }

    /// <summary>Server CPU per newest-page list call.</summary>
    public required double ListServerCpuMs { get; init; }

    /// <summary>Azurite's CPU per newest-page list call (Azurite mode), to tell the server's cost from the emulator's.</summary>
    public double? ListStorageCpuMs { get; init; }
    public required double PeakMiB { get; init; }
    public required double RssMiB { get; init; }
    public required double BytesPerRecordOnDisk { get; init; }

    /// <summary>The newest page measured again after the other loops (warm).</summary>
    public LatencySummary? ListAgain { get; init; }

    /// <summary>A filtered page: <see cref="FilteredQuery"/> (status, a date range and one tag).</summary>
    public LatencySummary? FilteredList { get; init; }
    public string? FilteredQuery { get; init; }

    /// <summary>How many jobs the filtered query matches in all (from stats with the same filter).</summary>
    public long? FilteredMatches { get; init; }

    /// <summary>GET /api/score/stats without a filter.</summary>
    public LatencySummary? Stats { get; init; }

    /// <summary>GET /api/score/stats with the filtered page's filter.</summary>
    public LatencySummary? FilteredStats { get; init; }

    /// <summary>The job index on disk (SQLite file and its WAL), embedded mode.</summary>
    public double? IndexMiB { get; init; }

    /// <summary>Table requests per call, Azurite mode (Core's Table index, counted in process after seeding).</summary>
    public double? TableRequestsPerNewestPage { get; init; }
    public double? TableRequestsPerFilteredPage { get; init; }
    public double? TableRequestsPerFilteredStats { get; init; }

    /// <summary>uptime's 1-minute load average when the figure was taken (2 cores shared with other work).</summary>
    public double? LoadAverage { get; init; }
}
