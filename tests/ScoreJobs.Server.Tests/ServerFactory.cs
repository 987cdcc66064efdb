using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ScoreJobs.Server;

/// <summary>The real server on real Kestrel (loopback, a free port), with a temp jobs folder and test settings.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public ServerFactory(Dictionary<string, string?>? settings = null)
    {
        JobsDirectory = Path.Combine(Path.GetTempPath(), "scorejobs-server-tests", Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["ScoreJobs:JobsDirectory"] = JobsDirectory,
            ["ScoreJobs:StaticSiteDirectory"] = Path.Combine(JobsDirectory, "no-site"),
        };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
        UseKestrel(0);
    }

    public string JobsDirectory { get; }

    /// <summary>Job record files written so far.</summary>
    public string[] RecordFiles() => Directory.Exists(JobsDirectory) ? Directory.GetFiles(JobsDirectory, "*.json") : [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(JobsDirectory)) Directory.Delete(JobsDirectory, recursive: true);
    }
}
