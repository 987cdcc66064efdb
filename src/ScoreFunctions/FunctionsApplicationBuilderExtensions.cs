using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScoreFunctions.Functions;
using ScoreFunctions.Middleware;
using ScoreJobs.Hosting;
using ScoreJobs.Queues;
using ScoreJobs.Storage.Azure;
using ScoreJobs;
using ScoreJobs.Telemetry;

namespace ScoreFunctions;

/// <summary>The Functions app's wiring: Core, problem details, and the middleware the HTTP functions share.</summary>
public static class FunctionsApplicationBuilderExtensions
{
    public static FunctionsApplicationBuilder AddScoreJobsFunctions(this FunctionsApplicationBuilder builder)
    {
        RequireQueueSettings(builder.Configuration);
        builder.Services.AddSingleton(ListenedLanes(builder.Configuration));
        builder.Services.AddScoreJobs(builder.Configuration);
        // The worker's defaults (its invocation spans, the Azure Functions resource, and telling the host the worker
        // exports its own telemetry) only when an exporter is configured; host.json's telemetryMode does the host's part.
        builder.Services.AddScoreJobsTelemetry(builder.Configuration, telemetry => telemetry.UseFunctionsWorkerDefaults());
        builder.Services.AddProblemDetails();

        // After ConfigureFunctionsWebApplication, so both run inside the ASP.NET Core integration and its
        // HttpContext is there; errors outermost, so a failing token check is a problem too.
        builder.UseMiddleware<UnhandledErrorMiddleware>();
        builder.UseMiddleware<ApiTokenMiddleware>();
        return builder;
    }

    // Without Azure Storage, Core would keep records in a local folder and queue work in memory, where no
    // trigger reads it; and each trigger takes its queue name from its lane's setting. Either way, stop at start.
    private static void RequireQueueSettings(ConfigurationManager configuration)
    {
        if (StorageAccountSettings.FromConfiguration(configuration) is null)
        {
            throw new InvalidSettingException(
                $"{StorageAccountSettings.SettingName} is not set. The Functions app keeps records in blobs and work on a Storage queue: " +
                $"set it to a connection string (UseDevelopmentStorage=true for Azurite), or use an identity with {StorageAccountSettings.SettingName}__blobServiceUri and __queueServiceUri.");
        }

        RequireQueueName(configuration, nameof(ScoreJobsOptions.Queue), nameof(QueueFunctions.ProcessLiveQueue), "score-jobs");
        RequireQueueName(configuration, nameof(ScoreJobsOptions.RunQueue), nameof(QueueFunctions.ProcessRunQueue), "score-jobs-runs");
    }

    // The trigger binds to %ScoreJobs:{name}%, which the host resolves from the same setting the app writes by; the
    // options' default would only be the app's half, leaving a lane that is written to and never read.
    private static void RequireQueueName(ConfigurationManager configuration, string name, string function, string usual)
    {
        if (string.IsNullOrWhiteSpace(configuration[$"{ScoreJobsOptions.Section}:{name}"]))
        {
            throw new InvalidSettingException(
                $"{ScoreJobsOptions.Section}__{name} is not set. The {function} trigger takes its queue name from it: set it to {usual}, the queue the server uses too.");
        }
    }

    // A queue trigger switched off the standard way, by the app setting AzureWebJobs.{function}.Disabled ("true" or "1";
    // on Linux plans also written AzureWebJobs__{function}__Disabled), leaves its lane without a listener in this app.
    private static LaneListeners ListenedLanes(IConfiguration configuration)
    {
        var unheard = new Dictionary<string, string>(StringComparer.Ordinal);
        if (DisabledBy(configuration, nameof(QueueFunctions.ProcessLiveQueue)) is { } live)
        {
            unheard[QueueLanes.Live] = $"The app setting {live} turns off the ProcessLiveQueue queue trigger, the only listener on ScoreJobs__Queue in this app, " +
                "so jobs would never run: remove the setting (or set it to false) and the app restarts with it.";
        }

        if (DisabledBy(configuration, nameof(QueueFunctions.ProcessRunQueue)) is { } runs)
        {
            unheard[QueueLanes.Runs] = $"The app setting {runs} turns off the ProcessRunQueue queue trigger, the only listener on ScoreJobs__RunQueue in this app, " +
                "so dataset runs would never run: remove the setting (or set it to false) and the app restarts with it.";
        }

        return unheard.Count == 0 ? LaneListeners.All : new LaneListeners(unheard);
    }

    private static string? DisabledBy(IConfiguration configuration, string function)
    {
        foreach (var name in (string[])[$"AzureWebJobs.{function}.Disabled", $"AzureWebJobs:{function}:Disabled"])
        {
            var value = configuration[name]?.Trim();
            if (value == "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)) return name.Replace(":", "__", StringComparison.Ordinal);
        }

        return null;
    }
}
