using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Reports;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>What every benchmark section shares: the server binary, a scratch folder, the results and the console.</summary>
internal sealed class BenchContext(string serverDll, string scratch, BenchResults results, string? wrapper, bool keep, IReadOnlyDictionary<string, string> serverEnvironment)
{
    /// <summary>Keep seeded records and logs for a look afterwards.</summary>
    public bool Keep { get; } = keep;

    private int _servers;

    public string ServerDll { get; } = serverDll;

    /// <summary>A scratch folder for records and logs, deleted at the end unless the run failed.</summary>
    public string Scratch { get; } = scratch;

    public BenchResults Results { get; } = results;

    public string NewFolder(string name)
    {
        var path = Path.Combine(Scratch, name + "-" + Interlocked.Increment(ref _servers).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(path);
        return path;
    }

    public async Task<ServerProcess> StartServerAsync(string name, ServerSettings settings, CancellationToken cancellationToken)
    {
        settings = settings with { Wrapper = wrapper, Extra = settings.Extra.Concat(serverEnvironment).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal) };
        var server = await ServerProcess.StartAsync(name, ServerDll, settings, Path.Combine(Scratch, "logs", name + ".log"), cancellationToken);
        // The settings every server shares; what differs by section (judge, concurrency, log level) is in its table.
        if (Results.ServerSettings.Count == 0) Results.ServerSettings = settings.Describe();
        return server;
    }

    public static void Say(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");
}
