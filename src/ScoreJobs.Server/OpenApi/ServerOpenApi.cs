using System.Text.Json;
using System.Text.Json.Serialization;
using Scalar.AspNetCore;

namespace ScoreJobs.Server.OpenApi;

/// <summary>The OpenAPI document at <c>/api/openapi.json</c> and the interactive reference at <c>/docs</c>.</summary>
public static class ServerOpenApi
{
    public const string DocumentPath = "/api/openapi.json";
    public const string ReferencePath = "/docs";

    public static IServiceCollection AddScoreJobsOpenApi(this IServiceCollection services)
    {
        // The schemas are generated with the HTTP JSON options; the handlers write with Core's source-generated
        // contexts (snake_case, enums as snake_case strings), so these options say the same for the document.
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        });
        services.AddOpenApi(openApi =>
        {
            openApi.AddDocumentTransformer<ScoreJobsDocumentTransformer>();
            openApi.AddOperationTransformer<ScoreJobsOperationTransformer>();
            openApi.AddSchemaTransformer<ScoreRequestSchemaTransformer>();
        });
        return services;
    }

    public static WebApplication MapScoreJobsOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).RequireCors(ServerServiceCollectionExtensions.CorsPolicy).ExcludeFromDescription();
        // The reference's script is served from this package's embedded bundle and no web fonts are fetched, so /docs
        // works on a machine with no internet; and it sends nothing elsewhere: no telemetry, no AI chat, no developer tools.
        app.MapScalarApiReference(ReferencePath, scalar =>
        {
            scalar.WithTitle("ScoreJobs API").WithOpenApiRoutePattern(DocumentPath).DisableDefaultFonts();
            scalar.Telemetry = false;
            scalar.Agent = new ScalarAgentOptions { Disabled = true };
            scalar.ShowDeveloperTools = DeveloperToolsVisibility.Never;
        }).ExcludeFromDescription();
        return app;
    }
}
