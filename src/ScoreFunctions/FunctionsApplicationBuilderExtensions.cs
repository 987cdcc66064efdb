using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScoreFunctions.Middleware;
using ScoreJobs.Hosting;
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
    // trigger reads it; and the trigger takes its queue name from ScoreJobs__Queue. Either way, stop at start.
    private static void RequireQueueSettings(ConfigurationManager configuration)
    {
        if (StorageAccountSettings.FromConfiguration(configuration) is null)
        {
            throw new InvalidSettingException(
                $"{StorageAccountSettings.SettingName} is not set. The Functions app keeps records in blobs and work on a Storage queue: " +
                $"set it to a connection string (UseDevelopmentStorage=true for Azurite), or use an identity with {StorageAccountSettings.SettingName}__blobServiceUri and __queueServiceUri.");
        }

        if (string.IsNullOrWhiteSpace(configuration[$"{ScoreJobsOptions.Section}:{nameof(ScoreJobsOptions.Queue)}"]))
        {
            throw new InvalidSettingException(
                "ScoreJobs__Queue is not set. The RunScoreJob trigger takes its queue name from it: set it to score-jobs, the queue the server uses too.");
        }
    }
}
