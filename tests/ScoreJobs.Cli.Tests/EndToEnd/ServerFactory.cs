using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ScoreJobs.Cli.EndToEnd;

/// <summary>The real ScoreJobs server on real Kestrel (loopback, a free port), embedded mode in a temp folder, no judge.</summary>
public sealed class ServerFactory : WebApplicationFactory<global::Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _jobsDirectory = Path.Combine(Path.GetTempPath(), "scorejobs-cli-tests", Guid.NewGuid().ToString("N"));

    public ServerFactory(Dictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["ScoreJobs:JobsDirectory"] = _jobsDirectory,
            ["ScoreJobs:StaticSiteDirectory"] = Path.Combine(_jobsDirectory, "no-site"),
        };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
        UseKestrel(0);
    }

    /// <summary>The site root the CLI is pointed at, e.g. http://127.0.0.1:41234/.</summary>
    public string Url
    {
        get
        {
            using var client = CreateClient();
            return client.BaseAddress!.ToString();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_jobsDirectory)) Directory.Delete(_jobsDirectory, recursive: true);
    }
}
