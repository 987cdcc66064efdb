using ScoreJobs.Testing;

namespace ScoreJobs.Server;

/// <summary>The real server process: a present but unusable setting stops it at start, naming the setting, never echoing it.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("AzureWebJobsStorage", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=%%%secret%%%", "AzureWebJobsStorage")]
    [InlineData("ScoreJobs__Judge__Endpoint", "not a url", "ScoreJobs__Judge__Endpoint")]
    [InlineData("ScoreJobs__Container", "Bad_Container", "Container")]
    [InlineData("ScoreJobs__WorkerConcurrency", "0", "WorkerConcurrency")]
    [InlineData("ScoreJobs__Callbacks__Secret", "whsec_%%%secret%%%", "ScoreJobs__Callbacks__Secret")]
    [InlineData("ScoreJobs__Callbacks__AllowedHosts", "dify.internal, not a host", "ScoreJobs__Callbacks__AllowedHosts")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=%%%secret%%%", "APPLICATIONINSIGHTS_CONNECTION_STRING")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "%%%secret%%%", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("ScoreJobs__Cors__AllowedOrigins", "https://records.example/page", "ScoreJobs__Cors__AllowedOrigins")]
    [InlineData("ScoreJobs__Cors__AllowedOrigins", "*", "ScoreJobs__ApiToken")]
    [InlineData("ScoreJobs__CorsOrigins", "records.example", "ScoreJobs__CorsOrigins")]
    public async Task Start_UnusableSetting_StopsNamingIt(string name, string value, string named)
    {
        var (exitCode, message) = await StartupProbe.RunAsync(Path.Combine(AppContext.BaseDirectory, "ScoreJobs.Server.dll"), ["--urls", "http://127.0.0.1:0"], environment =>
        {
            environment[name] = value;
            environment["ScoreJobs__JobsDirectory"] = Path.Combine(Path.GetTempPath(), "scorejobs-startup-" + Guid.NewGuid().ToString("N"));
        });

        Assert.Equal(2, exitCode);
        Assert.StartsWith("ScoreJobs cannot start:", message);
        Assert.Contains(named, message);
        Assert.DoesNotContain("secret", message);
    }
}
