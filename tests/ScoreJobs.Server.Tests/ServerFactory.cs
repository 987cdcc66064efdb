using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ScoreJobs.Server;

/// <summary>The real server on real Kestrel (loopback, a free port), with a temp jobs folder and test settings.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <summary>A server with <paramref name="settings"/>; <paramref name="services"/> replaces registrations (a fake clock, say).</summary>
    public ServerFactory(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool anyAddress = false)
    {
        _services = services;
        JobsDirectory = Path.Combine(Path.GetTempPath(), "scorejobs-server-tests", Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["ScoreJobs:JobsDirectory"] = JobsDirectory,
            ["ScoreJobs:StaticSiteDirectory"] = Path.Combine(JobsDirectory, "no-site"),
        };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
        // Every interface only for the test of the warning an open server logs; loopback otherwise.
        if (anyAddress) UseKestrel(kestrel => kestrel.ListenAnyIP(0));
        else UseKestrel(0);
    }

    public string JobsDirectory { get; }

    /// <summary>Job record files written so far.</summary>
    public string[] RecordFiles() => Directory.Exists(JobsDirectory) ? Directory.GetFiles(JobsDirectory, "*.json") : [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_services is not null) builder.ConfigureTestServices(_services);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(JobsDirectory)) Directory.Delete(JobsDirectory, recursive: true);
    }
}
