using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScoreJobs.Health;
using ScoreJobs.Hosting;
using ScoreJobs.Judge;
using ScoreJobs;

namespace ScoreFunctions;

/// <summary>The sample settings a developer copies to local.settings.json name real settings and start Core on Azurite.</summary>
public sealed class LocalSettingsSampleTests
{
    [Fact]
    public void Values_NameOnlyRealSettings_WithSafeValues()
    {
        var values = LocalSettingsSample.Values();
        var known = typeof(ScoreJobsOptions).GetProperties().Select(p => $"ScoreJobs__{p.Name}")
            .Concat(typeof(JudgeOptions).GetProperties().Where(p => p.CanWrite).Select(p => $"ScoreJobs__Judge__{p.Name}"))
            .Concat(typeof(ScoreJobs.Callbacks.CallbackOptions).GetProperties().Where(p => p.CanWrite).Select(p => $"ScoreJobs__Callbacks__{p.Name}"))
            .ToHashSet();

        Assert.Equal("UseDevelopmentStorage=true", values["AzureWebJobsStorage"]);
        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.All(values.Keys.Where(k => k.StartsWith("ScoreJobs__", StringComparison.Ordinal)), key => Assert.Contains(key, known));
        Assert.Equal(new ScoreJobsOptions().Queue, values["ScoreJobs__Queue"]);
        Assert.Equal(new ScoreJobsOptions().Container, values["ScoreJobs__Container"]);
        Assert.Equal("", values["ScoreJobs__Judge__ApiKey"]);
        Assert.Equal("", values["ScoreJobs__ApiToken"]);
        Assert.Equal("", values["ScoreJobs__Callbacks__Secret"]);
    }

    [Fact]
    public void Values_StartCoreOnAzurite_WithoutAJudge()
    {
        var values = LocalSettingsSample.Values().ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => p.Value);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var services = new ServiceCollection().AddLogging().AddScoreJobs(configuration).BuildServiceProvider();

        Assert.Equal("azure-storage-queue", services.GetRequiredService<ServiceDescription>().Queue);
        Assert.Equal(values["ScoreJobs:Queue"], services.GetRequiredService<IOptions<ScoreJobsOptions>>().Value.Queue);
        Assert.False(services.GetRequiredService<IOptions<JudgeOptions>>().Value.IsConfigured);
    }
}
