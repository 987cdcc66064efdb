using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ScoreJobs.Telemetry;

/// <summary>The telemetry both hosts register: ScoreJobs' spans and metrics, exported where the settings say.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="ScoreJobsTelemetry.Name"/> source and meter to the host's OpenTelemetry providers, and creates
    /// those providers only when an exporter is configured: Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>
    /// is set (with a managed identity when <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> is <c>Authorization=AAD</c>),
    /// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, both when both are. With neither there is no provider, nothing
    /// listens, and the spans and measurements in the code cost a null check. <paramref name="configureHost"/> adds the
    /// host's own parts (the Functions worker's defaults, a service name) and runs only when telemetry is on. A setting
    /// that is present but unusable throws <see cref="InvalidSettingException"/> here, at start.
    /// </summary>
    public static IServiceCollection AddScoreJobsTelemetry(this IServiceCollection services, IConfiguration configuration, Action<IOpenTelemetryBuilder>? configureHost = null)
    {
        // As a library would: these join providers that someone creates (the exporters below, or a test's in-memory one).
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(ScoreJobsTelemetry.Name).AddProcessor(new ErrorDescriptionRedactor()));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(ScoreJobsTelemetry.Name));

        var settings = TelemetrySettings.FromConfiguration(configuration);
        if (!settings.Enabled) return services;

        var telemetry = services.AddOpenTelemetry();
        configureHost?.Invoke(telemetry);
        if (settings.AzureMonitorConnectionString is { } connectionString)
        {
            var credential = settings.CreateCredential();
            telemetry.UseAzureMonitorExporter(azure =>
            {
                azure.ConnectionString = connectionString;
                azure.Credential = credential;
            });
        }

        // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL (grpc by default), _HEADERS... from configuration itself.
        if (settings.OtlpEndpoint is not null) telemetry.UseOtlpExporter();
        return services;
    }
}
