using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ScoreJobs.Testing;

namespace ScoreJobs.Server.OpenApi;

/// <summary>GET /api/openapi.json and /docs on the real server, checked against the routes the server actually maps.</summary>
public sealed partial class ServerOpenApiTests
{
    private const string Token = "openapi-test-token";

    [Fact]
    public async Task OpenApi_TokenRequiredButNotSent_200ListsEveryMappedRoute()
    {
        using var server = new ServerFactory(new() { ["ScoreJobs:ApiToken"] = Token });
        var client = server.CreateClient();

        using var response = await client.GetAsync(ServerOpenApi.DocumentPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadJsonAsync();
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal(MappedApiRoutes(server), Operations(document).Select(o => o.Route).Order().ToList());
    }

    [Fact]
    public async Task OpenApi_Get_ServersIsTheHostThatServedIt()
    {
        using var server = new ServerFactory();
        var client = server.CreateClient();

        var document = await (await client.GetAsync(ServerOpenApi.DocumentPath)).ReadJsonAsync();

        var url = Assert.Single(document.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString();
        Assert.Equal(client.BaseAddress!.GetLeftPart(UriPartial.Authority), url);
    }

    [Fact]
    public async Task OpenApi_Get_EveryOperationHasAnIdAndABilingualSummary()
    {
        using var server = new ServerFactory();

        var operations = Operations(await (await server.CreateClient().GetAsync(ServerOpenApi.DocumentPath)).ReadJsonAsync());

        Assert.Equal(operations.Count, operations.Select(o => o.Id).Distinct().Count());
        Assert.All(operations, o => Assert.Matches(BilingualSummary(), o.Operation.GetProperty("summary").GetString()!));
    }

    [Fact]
    public async Task OpenApi_Get_ScoreRoutesNeedATokenOrKeyAndHealthNeither()
    {
        using var server = new ServerFactory();

        var document = await (await server.CreateClient().GetAsync(ServerOpenApi.DocumentPath)).ReadJsonAsync();

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("x-functions-key", schemes.GetProperty("functionKey").GetProperty("name").GetString());
        foreach (var (route, _, operation) in Operations(document))
        {
            var secured = operation.TryGetProperty("security", out var security)
                ? security.EnumerateArray().SelectMany(r => r.EnumerateObject()).Select(p => p.Name).Order().ToList()
                : [];
            Assert.Equal(route.Contains(" /api/score", StringComparison.Ordinal) ? ["bearer", "functionKey"] : [], secured);
        }
    }

    [Fact]
    public async Task OpenApi_Get_ErrorsAreProblemsAndSubmitsTakeAnIdempotencyKeyAndSayWhereTheJobIs()
    {
        using var server = new ServerFactory();

        var operations = Operations(await (await server.CreateClient().GetAsync(ServerOpenApi.DocumentPath)).ReadJsonAsync());

        foreach (var (route, _, operation) in operations)
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                Assert.True(response.Value.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{route} {response.Name}");
            }
        }

        var submits = operations.Where(o => o.Id is "SubmitScoreJob" or "SubmitScoreRun").ToList();
        Assert.Equal(2, submits.Count);
        Assert.All(submits, s => Assert.Contains(s.Operation.GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header"));
        Assert.All(submits, s => Assert.True(s.Operation.GetProperty("responses").GetProperty("202").GetProperty("headers").TryGetProperty("Location", out _)));
    }

    [Fact]
    public async Task OpenApi_Submit_ExampleIsADifyShapedChineseBodyTheServerAccepts()
    {
        using var server = new ServerFactory();
        var client = server.CreateClient();
        var submit = Operations(await (await client.GetAsync(ServerOpenApi.DocumentPath)).ReadJsonAsync()).Single(o => o.Id == "SubmitScoreJob");
        var example = submit.Operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", example.GetProperty("question").GetString()!);

        using var response = await client.PostAsync("/api/score/async", HttpJson.Body(example.GetRawText()));

        // The example names judge metrics; with no judge here the server says so, naming the field, rather than accepting it blindly.
        var answer = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted || answer.GetProperty("errors").TryGetProperty("metrics", out _), answer.GetRawText());
    }

    [Fact]
    public async Task OpenApi_RequestBodies_EveryFieldHasOneTypeNameAsDifysImporterReadsIt()
    {
        using var server = new ServerFactory();

        var document = await (await server.CreateClient().GetAsync(ServerOpenApi.DocumentPath)).ReadJsonAsync();

        var schemas = document.GetProperty("components").GetProperty("schemas");
        var bodies = Operations(document)
            .Where(o => o.Operation.TryGetProperty("requestBody", out _))
            .Select(o => o.Operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"))
            .Select(s => schemas.GetProperty(s.GetProperty("$ref").GetString()!.Split('/')[^1]))
            .ToList();
        Assert.Equal(4, bodies.Count);
        foreach (var property in bodies.SelectMany(b => b.GetProperty("properties").EnumerateObject()))
        {
            if (property.Value.TryGetProperty("type", out var type)) Assert.True(type.ValueKind == JsonValueKind.String, $"{property.Name}: {type}");
        }
    }

    [Fact]
    public async Task OpenApi_Get_SameOperationsAsTheBuildTimeDocumentTheFunctionsAppServes()
    {
        using var server = new ServerFactory();
        var buildTime = Path.Combine(RepositoryRoot.Find(), "src", "ScoreJobs.Server", "obj", "openapi", "openapi.json");
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(buildTime));

        var served = Operations(await (await server.CreateClient().GetAsync(ServerOpenApi.DocumentPath)).ReadJsonAsync());

        Assert.Equal(Operations(file.RootElement).Select(o => $"{o.Route} {o.Id}"), served.Select(o => $"{o.Route} {o.Id}"));
    }

    [Fact]
    public async Task Docs_NoInternet_ServesTheReferenceWithItsScriptFromThisServerAndSendsNothingElsewhere()
    {
        using var server = new ServerFactory();
        var client = server.CreateClient();

        using var page = await client.GetAsync(ServerOpenApi.ReferencePath);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(ServerOpenApi.DocumentPath.TrimStart('/'), html, StringComparison.Ordinal);
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.NotEmpty(assets);
        Assert.DoesNotContain(assets, a => a.Contains("//", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"https?://[^""'\s]*(cdn|jsdelivr|unpkg|fonts\.)", html);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"agent\":{\"disabled\":true}", html, StringComparison.Ordinal);
        foreach (var asset in assets)
        {
            using var loaded = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, ServerOpenApi.ReferencePath + "/"), asset));
            Assert.True(loaded.IsSuccessStatusCode, $"{asset}: {(int)loaded.StatusCode}");
            Assert.True((await loaded.Content.ReadAsByteArrayAsync()).Length > 1000, asset);
        }
    }

    [Fact]
    public async Task OpenApi_SubmitRun_DescribesTheDryRunParameterAndItsEstimate()
    {
        using var server = new ServerFactory();

        var document = await (await server.CreateClient().GetAsync(ServerOpenApi.DocumentPath)).ReadJsonAsync();

        var submit = Operations(document).Single(o => o.Id == "SubmitScoreRun").Operation;
        var dryRun = submit.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "dry_run");
        Assert.Equal("query", dryRun.GetProperty("in").GetString());
        Assert.Equal("boolean", dryRun.GetProperty("schema").GetProperty("type").GetString());
        Assert.Contains("store nothing", dryRun.GetProperty("description").GetString(), StringComparison.Ordinal);
        var estimate = submit.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.EndsWith("/RunEstimateResponse", estimate.GetProperty("$ref").GetString(), StringComparison.Ordinal);
        Assert.True(document.GetProperty("components").GetProperty("schemas").GetProperty("RunEstimate").GetProperty("properties").TryGetProperty("cached", out _));
    }

    private static List<string> MappedApiRoutes(ServerFactory server) =>
        [.. server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal) && e.RoutePattern.RawText != ServerOpenApi.DocumentPath)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Order()];

    private static List<(string Route, string Id, JsonElement Operation)> Operations(JsonElement document) =>
        [.. document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => ($"{op.Name.ToUpperInvariant()} {path.Name}", op.Value.GetProperty("operationId").GetString()!, op.Value)))
            .OrderBy(o => o.Item1, StringComparer.Ordinal)];

    // English, then " · ", then a title with Chinese in it.
    [GeneratedRegex(@"^[\x20-\x7e]+ · .*\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex BilingualSummary();

    [GeneratedRegex(@"<(?:script|link)\b[^>]*?(?:src|href)=""(?<url>[^""]+)""")]
    private static partial Regex AssetReference();
}
