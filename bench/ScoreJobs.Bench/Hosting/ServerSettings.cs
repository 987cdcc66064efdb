using System.Globalization;

namespace ScoreJobs.Bench.Hosting;

/// <summary>The configuration one server process gets, as the environment variables the README documents.</summary>
internal sealed record ServerSettings
{
    /// <summary>Records folder in embedded mode.</summary>
    public string? JobsDirectory { get; init; }

    /// <summary><c>AzureWebJobsStorage</c>: set for Azure Storage (Azurite) mode.</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>The fake judge's OpenAI-compatible endpoint; null runs the offline metrics only.</summary>
    public Uri? JudgeEndpoint { get; init; }

    public string JudgeModel { get; init; } = "bench-judge";

    public string? EmbeddingModel { get; init; } = "bench-embedding";

    public int WorkerConcurrency { get; init; } = 32;

    public int? JobTimeoutSeconds { get; init; }

    public int? MaxDeliveries { get; init; }

    /// <summary>Azure Storage mode: how long a received message stays hidden (default 120 s).</summary>
    public int? VisibilityTimeoutSeconds { get; init; }

    public double? JudgeCallTimeoutSeconds { get; init; }

    public int? JudgeMaxRetries { get; init; }

    public string? ApiToken { get; init; }

    /// <summary>The server's log level for its own categories (ScoreJobs.*): Information for diagnosis, Warning for timing.</summary>
    public string LogLevel { get; init; } = "Warning";

    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>A command that execs the server (e.g. <c>eatmydata</c>, to measure what fsync costs); null runs it directly.</summary>
    public string? Wrapper { get; init; }

    public IReadOnlyDictionary<string, string> ToEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__ScoreJobs"] = LogLevel,
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["ScoreJobs__WorkerConcurrency"] = Invariant(WorkerConcurrency),
        };
        if (JobsDirectory is not null) env["ScoreJobs__JobsDirectory"] = JobsDirectory;
        if (StorageConnectionString is not null) env["AzureWebJobsStorage"] = StorageConnectionString;
        if (JudgeEndpoint is not null)
        {
            env["ScoreJobs__Judge__Endpoint"] = JudgeEndpoint.ToString();
            env["ScoreJobs__Judge__ApiKey"] = "bench-key";
            env["ScoreJobs__Judge__Model"] = JudgeModel;
            if (EmbeddingModel is not null) env["ScoreJobs__Judge__EmbeddingModel"] = EmbeddingModel;
        }

        if (JobTimeoutSeconds is { } timeout) env["ScoreJobs__JobTimeoutSeconds"] = Invariant(timeout);
        if (MaxDeliveries is { } deliveries) env["ScoreJobs__MaxDeliveries"] = Invariant(deliveries);
        if (VisibilityTimeoutSeconds is { } visibility) env["ScoreJobs__VisibilityTimeoutSeconds"] = Invariant(visibility);
        if (JudgeCallTimeoutSeconds is { } callTimeout) env["ScoreJobs__Judge__CallTimeoutSeconds"] = callTimeout.ToString(CultureInfo.InvariantCulture);
        if (JudgeMaxRetries is { } retries) env["ScoreJobs__Judge__MaxRetries"] = Invariant(retries);
        if (ApiToken is not null) env["ScoreJobs__ApiToken"] = ApiToken;
        foreach (var (name, value) in Extra) env[name] = value;
        return env;
    }

    /// <summary>The settings as the results record them (the connection string and token left out).</summary>
    public IReadOnlyDictionary<string, string> Describe()
    {
        var described = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in ToEnvironment())
        {
            described[name] = name is "AzureWebJobsStorage" or "ScoreJobs__ApiToken" or "ScoreJobs__Judge__ApiKey" ? "(set)" : value;
        }

        if (Wrapper is not null) described["(wrapper)"] = Wrapper;

        return described;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
