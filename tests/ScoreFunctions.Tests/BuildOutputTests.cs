using ScoreJobs;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ScoreJobs.Hosting;

namespace ScoreFunctions;

/// <summary>
/// What the Functions SDK built from src/ScoreFunctions, read as the Functions host reads it: functions.metadata
/// (the functions and their bindings), extensions.json (the host-side extensions), worker.config.json and host.json.
/// </summary>
public sealed partial class BuildOutputTests
{
    // The contract's routes (docs/api.md), readiness and the OpenAPI document, with the key level each must have: all but the health ones need a key.
    private static readonly Dictionary<string, string> ContractRoutes = new()
    {
        ["POST /api/score/async"] = "Function",
        ["POST /api/score"] = "Function",
        ["GET /api/score/jobs"] = "Function",
        ["GET /api/score/jobs/{}"] = "Function",
        ["DELETE /api/score/jobs/{}"] = "Function",
        ["PUT /api/score/jobs/{}/labels/{}"] = "Function",
        ["DELETE /api/score/jobs/{}/labels/{}"] = "Function",
        ["GET /api/score/agreement"] = "Function",
        ["GET /api/score/stats"] = "Function",
        ["GET /api/score/metrics"] = "Function",
        ["POST /api/score/runs"] = "Function",
        ["GET /api/score/runs"] = "Function",
        ["GET /api/score/runs/{}"] = "Function",
        ["DELETE /api/score/runs/{}"] = "Function",
        ["POST /api/score/runs/{}/cancel"] = "Function",
        ["POST /api/score/runs/{}/retry"] = "Function",
        ["GET /api/score/runs/{}/compare/{}"] = "Function",
        ["GET /api/health"] = "Anonymous",
        ["GET /api/health/ready"] = "Anonymous",
        ["GET /api/openapi.json"] = "Anonymous",
    };

    private static readonly JsonElement[] Functions = [.. FunctionsAppOutput.ReadJson("functions.metadata").EnumerateArray()];

    [Fact]
    public void HttpFunctions_ServeExactlyTheContractRoutes_WithKeysOnAllButHealth()
    {
        var prefix = FunctionsAppOutput.ReadJson("host.json").GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString();
        var served = Functions
            .Select(f => (Function: f, Trigger: Bindings(f).SingleOrDefault(b => b.GetProperty("type").GetString() == "httpTrigger")))
            .Where(f => f.Trigger.ValueKind != JsonValueKind.Undefined)
            .SelectMany(f => f.Trigger.GetProperty("methods").EnumerateArray().Select(method => (
                Route: $"{method.GetString()!.ToUpperInvariant()} {Normalize($"/{prefix}/{f.Trigger.GetProperty("route").GetString()}")}",
                Level: f.Trigger.GetProperty("authLevel").GetString(),
                HasHttpOutput: Bindings(f.Function).Any(b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out"))))
            .ToList();

        Assert.Equal(ContractRoutes.Keys.Order(), served.Select(s => s.Route).Order());
        Assert.All(served, s => Assert.Equal(ContractRoutes[s.Route], s.Level));
        Assert.All(served, s => Assert.True(s.HasHttpOutput, $"{s.Route} has no http output binding"));
    }

    [Theory]
    [InlineData("ProcessLiveQueue", false)]
    [InlineData("ProcessRunQueue", true)]
    public void QueueTriggers_ResolvedWithTheAppsSettings_ReadTheirLaneAndWritePoisonNextToIt(string function, bool runsLane)
    {
        var settings = LocalSettingsSample.Values();
        Assert.Equal(2, Functions.Count(f => Bindings(f).Any(b => b.GetProperty("type").GetString() == "queueTrigger")));
        var runner = Assert.Single(Functions, f => f.GetProperty("name").GetString() == function);
        var trigger = Bindings(runner).Single(b => b.GetProperty("type").GetString() == "queueTrigger");
        var poison = Assert.Single(Bindings(runner), b => b.GetProperty("type").GetString() == "queue");
        var queue = runsLane ? new ScoreJobsOptions().RunQueue : new ScoreJobsOptions().Queue;

        Assert.Equal(queue, Resolve(trigger.GetProperty("queueName").GetString()!, settings));
        Assert.Equal($"{queue}-poison", Resolve(poison.GetProperty("queueName").GetString()!, settings));
        Assert.Equal("Out", poison.GetProperty("direction").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        Assert.Equal("AzureWebJobsStorage", poison.GetProperty("connection").GetString());
    }

    [Fact]
    public void FunctionsMetadata_EveryFunctionRunsFromTheAppAssembly()
    {
        var worker = FunctionsAppOutput.ReadJson("worker.config.json").GetProperty("description");

        Assert.Equal(23, Functions.Length);
        Assert.Equal(Functions.Length, Functions.Select(f => f.GetProperty("name").GetString()).Distinct().Count());
        Assert.All(Functions, f => Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString()));
        Assert.All(Functions, f => Assert.Equal(worker.GetProperty("defaultWorkerPath").GetString(), f.GetProperty("scriptFile").GetString()));
    }

    [Fact]
    public void WorkerConfig_StartsTheAppAssemblyWithDotnet()
    {
        var description = FunctionsAppOutput.ReadJson("worker.config.json").GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
        Assert.True(File.Exists(Path.Combine(FunctionsAppOutput.Directory, description.GetProperty("defaultWorkerPath").GetString()!)));
    }

    [Fact]
    public void ExtensionsJson_LoadsTheStorageQueuesExtensionFromTheOutput()
    {
        var extensions = FunctionsAppOutput.ReadJson("extensions.json").GetProperty("extensions").EnumerateArray().ToList();
        var queues = Assert.Single(extensions, e => e.GetProperty("name").GetString() == "AzureStorageQueues");

        Assert.StartsWith("Microsoft.Azure.WebJobs.Extensions.Storage.AzureStorageQueuesWebJobsStartup, ", queues.GetProperty("typeName").GetString(), StringComparison.Ordinal);
        Assert.All(extensions, e => Assert.True(
            File.Exists(Path.Combine(FunctionsAppOutput.Directory, e.GetProperty("hintPath").GetString()!)),
            $"{e.GetProperty("hintPath").GetString()} is not in the output"));
    }

    [Fact]
    public void HostJson_QueueSettings_AgreeWithCore()
    {
        var host = FunctionsAppOutput.ReadJson("host.json");
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
    public void HostJson_TelemetryMode_OpenTelemetry() =>
        Assert.Equal("OpenTelemetry", FunctionsAppOutput.ReadJson("host.json").GetProperty("telemetryMode").GetString());

    [Fact]
    public void HostJson_FunctionTimeout_CoversTheJobDeadlineWithRoomForStorage()
    {
        var timeout = TimeSpan.Parse(FunctionsAppOutput.ReadJson("host.json").GetProperty("functionTimeout").GetString()!, CultureInfo.InvariantCulture);

        Assert.True(timeout >= TimeSpan.FromSeconds(new ScoreJobsOptions().JobTimeoutSeconds) + TimeSpan.FromMinutes(2), $"functionTimeout {timeout}");
    }

    private static JsonElement.ArrayEnumerator Bindings(JsonElement function) => function.GetProperty("bindings").EnumerateArray();

    // "%ScoreJobs:Queue%-poison" with ScoreJobs__Queue=score-jobs is "score-jobs-poison", as the host resolves it.
    private static string Resolve(string expression, Dictionary<string, string?> settings) =>
        BindingExpression().Replace(expression, m =>
            settings.TryGetValue(m.Groups["name"].Value.Replace(":", "__", StringComparison.Ordinal), out var value) && value is not null
                ? value
                : throw new KeyNotFoundException($"{expression}: no setting {m.Groups["name"].Value}"));

    // "/api/score/jobs/{jobId}" is "/api/score/jobs/{}".
    private static string Normalize(string route) => RouteParameter().Replace(route, "{}").TrimEnd('/');

    [GeneratedRegex("%(?<name>[^%]+)%")]
    private static partial Regex BindingExpression();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();
}
