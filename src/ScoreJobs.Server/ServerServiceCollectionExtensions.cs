using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using ScoreJobs.Hosting;
using ScoreJobs.Server.OpenApi;

namespace ScoreJobs.Server;

/// <summary>The server's wiring: Core, the worker, problem details, CORS and Kestrel limits.</summary>
public static class ServerServiceCollectionExtensions
{
    public const string CorsPolicy = "records-page";

    public static IServiceCollection AddScoreJobsServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoreJobs(configuration);
        services.AddScoreJobsWorker();
        services.AddServerTelemetry(configuration);
        services.AddOptions<ServerOptions>()
            .Bind(configuration.GetSection(ScoreJobsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddProblemDetails();
        services.AddScoreJobsOpenApi();
        // A request Kestrel finds malformed while the body is read (bad chunking, a body cut short) is the client's fault: its 4xx, not a 500.
        services.Configure<ExceptionHandlerOptions>(handler =>
            handler.StatusCodeSelector = ex => ex is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ScoreJobsOptions>>((kestrel, options) =>
            kestrel.Limits.MaxRequestBodySize = options.Value.MaxRequestBytes);

        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddHostedService<OpenAccessWarning>();
        // Closed by default: with no origins named the policy allows none, so no page elsewhere can read the API.
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ServerOptions>>((cors, server) => cors.AddPolicy(CorsPolicy, policy =>
        {
            var list = server.Value.AllowedOriginList;
            if (list.Contains("*")) policy.AllowAnyOrigin();
            else policy.WithOrigins([.. list]);
            policy.AllowAnyHeader().WithMethods("GET", "POST", "PUT", "DELETE").WithExposedHeaders("Location", "Retry-After", "Idempotent-Replayed");
        }));
        return services;
    }
}
