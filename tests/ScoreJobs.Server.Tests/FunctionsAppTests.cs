using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScoreJobs.Hosting;
using ScoreJobs.Judge;
using ScoreJobs.Queues.Azure;
using ScoreJobs.Storage.Azure;
using ScoreJobs.Testing;

namespace ScoreJobs.Server;

/// <summary>
/// What can be checked of src/ScoreFunctions where its packages do not restore: that its functions serve the
/// server's routes through the same handlers, and that host.json and local.settings.sample.json agree with Core.
/// The functions' behaviour itself is Core's, tested there and through the server.
/// </summary>
public sealed partial class FunctionsAppTests
{
    // Route -> the ScoreJobsApi handler both hosts call for it.
    private static readonly Dictionary<string, string> Handlers = new()
    {
        ["POST /api/score/async"] = "SubmitAsync",
        ["POST /api/score"] = "ScoreNowAsync",
        ["GET /api/score/jobs"] = "ListAsync",
        ["GET /api/score/jobs/{}"] = "GetAsync",
        ["GET /api/score/stats"] = "StatsAsync",
        ["GET /api/score/metrics"] = "Metrics",
        ["GET /api/health"] = "Health",
    };

    private static readonly string Root = RepositoryRoot.Find();

    private static string FunctionsSource(string file) => File.ReadAllText(Path.Combine(Root, "src", "ScoreFunctions", "Functions", file));

    private static JsonElement ReadJson(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, file)), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }).RootElement;

    private static List<HttpFunction> HttpFunctions()
    {
        var prefix = ReadJson("host.json").GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString();
        return [.. HttpFunctionPattern().Matches(FunctionsSource("ScoreJobsHttpFunctions.cs")).Select(m => new HttpFunction(
            m.Groups["name"].Value,
            m.Groups["level"].Value,
            $"{m.Groups["method"].Value.ToUpperInvariant()} {Normalize($"/{prefix}/{m.Groups["route"].Value}")}",
            m.Groups["handler"].Value))];
    }

    // "/api/score/jobs/{job_id}" and "/api/score/jobs/{jobId}" are the same route; "/api/score/" is "/api/score".
    private static string Normalize(string route) => RouteParameter().Replace(route, "{}").TrimEnd('/');

    [Fact]
    public void HttpFunctions_ServeExactlyTheServersRoutes()
    {
        using var server = new ServerFactory();
        var serverRoutes = server.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Order()
            .ToList();

        Assert.Equal(Handlers.Keys.Order(), serverRoutes);
        Assert.Equal(Handlers.Keys.Order(), HttpFunctions().Select(f => f.Route).Order());
    }

    [Fact]
    public void HttpFunctions_EachCallsTheHandlerOfItsRoute()
    {
        foreach (var function in HttpFunctions())
        {
            Assert.Equal(Handlers[function.Route], function.Handler);
        }
    }

    [Fact]
    public void HttpFunctions_FunctionKeysGuardAllButHealth()
    {
        var functions = HttpFunctions();

        Assert.Equal(Handlers.Count, functions.Select(f => f.Name).Distinct().Count());
        Assert.All(functions, f => Assert.Equal(f.Route == "GET /api/health" ? "Anonymous" : "Function", f.Level));
    }

    [Fact]
    public void RunScoreJob_TriggersOnTheServersQueueAndPoisonsWhereTheServerDoes()
    {
        var source = FunctionsSource("RunScoreJobFunction.cs");
        var queue = Regex.Match(source, "const string Queue = \"(?<v>[^\"]+)\"").Groups["v"].Value;
        var poison = Regex.Match(source, "const string PoisonQueue = \"(?<v>[^\"]+)\"").Groups["v"].Value;
        Assert.Contains("[QueueTrigger(Queue, Connection = StorageAccountSettings.SettingName)]", source);
        Assert.Contains("[QueueOutput(PoisonQueue, Connection = StorageAccountSettings.SettingName)]", source);

        // The binding expression names the setting ScoreJobs__Queue (":" in configuration keys).
        Assert.Equal($"%{ScoreJobsOptions.Section}:{nameof(ScoreJobsOptions.Queue)}%", queue);
        var name = new ScoreJobsOptions().Queue;
        using var httpClient = new HttpClient();
        var storageQueue = new StorageJobQueue(StorageAccountSettings.FromConnectionString("UseDevelopmentStorage=true"), name, httpClient, TimeProvider.System, NullLogger<StorageJobQueue>.Instance);
        Assert.Equal(storageQueue.PoisonQueueName, poison.Replace(queue, name, StringComparison.Ordinal));
    }

    [Fact]
    public void HostJson_QueueSettings_AgreeWithCore()
    {
        var host = ReadJson("host.json");
        var queues = host.GetProperty("extensions").GetProperty("queues");
        var defaults = new ScoreJobsOptions();

        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
        Assert.Equal(defaults.MaxDeliveries, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.InRange(queues.GetProperty("batchSize").GetInt32(), 1, 32);
        Assert.True(TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, CultureInfo.InvariantCulture) > TimeSpan.Zero);
        Assert.True(TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!, CultureInfo.InvariantCulture) <= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void HostJson_FunctionTimeout_CoversTheJobDeadlineWithRoomForStorage()
    {
        var timeout = TimeSpan.Parse(ReadJson("host.json").GetProperty("functionTimeout").GetString()!, CultureInfo.InvariantCulture);

        Assert.True(timeout >= TimeSpan.FromSeconds(new ScoreJobsOptions().JobTimeoutSeconds) + TimeSpan.FromMinutes(2), $"functionTimeout {timeout}");
    }

    [Fact]
    public void LocalSettingsSample_NamesOnlyRealSettings_WithSafeValues()
    {
        var values = ReadJson("local.settings.sample.json").GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        var known = typeof(ScoreJobsOptions).GetProperties().Select(p => $"ScoreJobs__{p.Name}")
            .Concat(typeof(JudgeOptions).GetProperties().Where(p => p.CanWrite).Select(p => $"ScoreJobs__Judge__{p.Name}"))
            .ToHashSet();

        Assert.Equal("UseDevelopmentStorage=true", values["AzureWebJobsStorage"]);
        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.All(values.Keys.Where(k => k.StartsWith("ScoreJobs__", StringComparison.Ordinal)), key => Assert.Contains(key, known));
        Assert.Equal(new ScoreJobsOptions().Queue, values["ScoreJobs__Queue"]);
        Assert.Equal(new ScoreJobsOptions().Container, values["ScoreJobs__Container"]);
        Assert.Equal("", values["ScoreJobs__Judge__ApiKey"]);
        Assert.Equal("", values["ScoreJobs__ApiToken"]);
    }

    [Fact]
    public void LocalSettingsSample_StartsCoreOnAzurite()
    {
        var values = ReadJson("local.settings.sample.json").GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => p.Value.GetString());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var services = new ServiceCollection().AddLogging().AddScoreJobs(configuration).BuildServiceProvider();

        Assert.Equal("azure-storage-queue", services.GetRequiredService<ServiceDescription>().Queue);
        Assert.Equal(values["ScoreJobs:Queue"], services.GetRequiredService<IOptions<ScoreJobsOptions>>().Value.Queue);
        Assert.False(services.GetRequiredService<IOptions<JudgeOptions>>().Value.IsConfigured);
    }

    [GeneratedRegex("""\[Function\(nameof\((?<name>\w+)\)\)\].*?\[HttpTrigger\(AuthorizationLevel\.(?<level>\w+), "(?<method>\w+)", Route = "(?<route>[^"]+)"\)\].*?=>\s*api\.(?<handler>\w+)\(""", RegexOptions.Singleline)]
    private static partial Regex HttpFunctionPattern();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();

    private sealed record HttpFunction(string Name, string Level, string Route, string Handler);
}
