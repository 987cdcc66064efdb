using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ScoreJobs.Telemetry;

namespace ScoreJobs.Server;

/// <summary>The server's telemetry: Core's, plus a span per API request as the root of each submit's trace.</summary>
public static class ServerTelemetry
{
    /// <summary>The service name exported when <c>OTEL_SERVICE_NAME</c> does not set another.</summary>
    public const string ServiceName = "scorejobs-server";

    public static IServiceCollection AddServerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoreJobsTelemetry(configuration, telemetry => telemetry.ConfigureResource(resource =>
        {
            if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"])) resource.AddService(ServiceName, serviceVersion: ScoreJobsTelemetry.Version);
        }));

        // Joins a provider only when there is one. Health probes and the records page's files would be most of the spans
        // and say nothing, so only the API's other routes are traced.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddAspNetCoreInstrumentation(http =>
            http.Filter = context => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) &&
                !context.Request.Path.StartsWithSegments("/api/health", StringComparison.OrdinalIgnoreCase)));
        return services;
    }
}
