using ScoreJobs.Testing;

namespace ScoreFunctions;

/// <summary>
/// The built worker started as a host starts it, but with no host listening: a missing or unusable setting stops
/// it before it connects, with one line naming the setting (never its value) and exit code 2, which the host logs.
/// </summary>
public sealed class StartupTests
{
    private const string Azurite = "UseDevelopmentStorage=true";

    [Theory]
    [InlineData(null, "score-jobs", null, "AzureWebJobsStorage is not set")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=%%%secret%%%", "score-jobs", null, "AzureWebJobsStorage")]
    [InlineData(Azurite, null, null, "ScoreJobs__Queue is not set")]
    [InlineData(Azurite, "", null, "ScoreJobs__Queue is not set")]
    [InlineData(Azurite, "score-jobs", null, "ScoreJobs__RunQueue is not set", null, null)]
    [InlineData(Azurite, "score-jobs", null, "ScoreJobs__RunQueue is not set", null, " ")]
    [InlineData(Azurite, "score-jobs", "not a url secret", "ScoreJobs__Judge__Endpoint")]
    [InlineData(Azurite, "score-jobs", null, "OTEL_EXPORTER_OTLP_ENDPOINT", "secret:not-http")]
    public async Task Start_MissingOrUnusableSetting_ExitsWith2NamingIt(string? storage, string? queue, string? judgeEndpoint, string named, string? otlpEndpoint = null, string? runQueue = "score-jobs-runs")
    {
        var (exitCode, message) = await StartupProbe.RunAsync(Path.Combine(FunctionsAppOutput.Directory, "ScoreFunctions.dll"), [], environment =>
        {
            foreach (var key in environment.Keys.Where(k => k.StartsWith("AzureWebJobs", StringComparison.Ordinal) || k.StartsWith("ScoreJobs", StringComparison.Ordinal)).ToList())
            {
                environment.Remove(key);
            }

            // What a host passes its worker (here pointing at a port where nothing listens: it is never reached).
            environment["Functions__Worker__HostEndpoint"] = "http://127.0.0.1:9";
            environment["Functions__Worker__WorkerId"] = "startup-test";
            environment["Functions__Worker__RequestId"] = "startup-test";
            environment["Functions__Worker__GrpcMaxMessageLength"] = "2147483647";
            if (storage is not null) environment["AzureWebJobsStorage"] = storage;
            if (queue is not null) environment["ScoreJobs__Queue"] = queue;
            if (runQueue is not null) environment["ScoreJobs__RunQueue"] = runQueue;
            if (judgeEndpoint is not null) environment["ScoreJobs__Judge__Endpoint"] = judgeEndpoint;
            if (otlpEndpoint is not null) environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
        });

        Assert.Equal(2, exitCode);
        Assert.StartsWith("ScoreJobs cannot start:", message, StringComparison.Ordinal);
        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", message, StringComparison.Ordinal);
    }
}
