using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace ScoreFunctions.Functions;

/// <summary>
/// GET /api/openapi.json: the OpenAPI document the server's build wrote from its endpoints (the same routes, operation ids
/// and schemas as these functions), embedded in this assembly, with <c>servers</c> naming the host that was asked.
/// No key or token, like health.
/// </summary>
public static class OpenApiFunction
{
    internal const string Name = "OpenApiDocument";
    private const string Resource = "openapi.json";

    private static readonly Lazy<string> Document = new(() =>
    {
        using var stream = typeof(OpenApiFunction).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The resource {Resource} is missing: src/ScoreJobs.Server's build writes it.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    [Function(Name)]
    public static ContentHttpResult OpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request)
    {
        var document = JsonNode.Parse(Document.Value)!.AsObject();
        document["servers"] = new JsonArray(new JsonObject { ["url"] = $"{request.Scheme}://{request.Host}{request.PathBase}" });
        return TypedResults.Text(document.ToJsonString(), "application/json; charset=utf-8");
    }
}
