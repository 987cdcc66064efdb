using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Xunit.Abstractions;
using Xunit.Sdk;
using ScoreJobs.Testing;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreFunctions.Hosting;

/// <summary>
/// The built Functions app under a real Functions host (see <see cref="FunctionsHostLocator"/>), on a real Azurite,
/// with the fake OpenAI-compatible judge on loopback and an API token set, as a deployment with a judge would run.
/// The host's keys are written to storage before it starts, so the tests know the function key.
/// </summary>
public sealed class FunctionsHostFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    public const string FunctionKey = "scorejobs-tests-function-key-0123456789abcdefghijklmn";
    public const string ApiToken = "scorejobs-tests-api-token";
    public const string JudgeModel = "judge-model";
    public const string CallbackSecret = "whsec_c2NvcmVqb2JzLWZ1bmN0aW9ucy10ZXN0cy1jYWxsYmFjaw==";
    private const string HostId = "scorejobs-tests";
    internal const string MasterKey = "scorejobs-tests-master-key-0123456789abcdefghijklmnopq";

    private AzuriteProcess? _azurite;
    private FakeOpenAIServer? _judge;
    private FunctionsHostProcess? _host;

    public const string Queue = "score-jobs";
    public const string RunQueue = Queue + "-runs";

    /// <summary>Which host runs the app, e.g. "Azure Functions host 4.1037.0 (...)".</summary>
    public string HostDescription { get; private set; } = "";

    public bool EnforcesKeys { get; private set; }

    public FakeOpenAIServer Judge => _judge ?? throw NotStarted();

    public QueueServiceClient Queues { get; private set; } = null!;

    /// <summary>The Azurite account the hosts use, for a test that writes storage as an earlier process left it.</summary>
    internal string StorageConnectionString => _azurite?.ConnectionString ?? throw NotStarted();

    public string LogTail => _host?.LogTail ?? "";

    public async Task InitializeAsync()
    {
        // No host here: every test is skipped by FunctionsHostFactAttribute, which says why.
        if (FunctionsHostFactAttribute.SkipReason is { } reason)
        {
            diagnostics.OnMessage(new DiagnosticMessage($"SKIPPED the Functions app under a real host: {reason}"));
            return;
        }

        _azurite = await AzuriteProcess.StartAsync();
        _judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        var storage = _azurite.ConnectionString;
        // Azurite 3.37 serves Storage API versions up to 2026-02-06; the SDKs default to newer ones.
        Queues = new QueueServiceClient(storage, new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_02_06) { MessageEncoding = QueueMessageEncoding.Base64 });
        await WriteKeysAsync(new BlobServiceClient(storage, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_02_06)));

        var command = FunctionsHostLocator.Command(0);
        HostDescription = command.Description;
        EnforcesKeys = command.EnforcesKeys;
        _host = await StartHostAsync(Settings(), waitUntilReady: true);
        diagnostics.OnMessage(new DiagnosticMessage($"The Functions app {FunctionsAppOutput.Directory} runs under {HostDescription} on {_host.BaseAddress}"));
    }

    /// <summary>
    /// Another host of the same app beside the shared one, on the same Azurite and judge, with its settings changed by
    /// <paramref name="change"/> (a key set to null is removed). Each costs a host start (seconds): tests that need
    /// an app configured otherwise share one where they can. Not waited on unless <paramref name="waitUntilReady"/>.
    /// </summary>
    internal Task<FunctionsHostProcess> StartOtherHostAsync(Action<Dictionary<string, string?>> change, bool waitUntilReady)
    {
        var settings = Settings();
        change(settings);
        return StartHostAsync(settings, waitUntilReady);
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
        ["AzureWebJobsStorage"] = _azurite!.ConnectionString, // it names the Table endpoint too: the host's and the job index's
        ["AzureWebJobsScriptRoot"] = FunctionsAppOutput.Directory,
        ["languageWorkers__dotnet-isolated__workerDirectory"] = FunctionsAppOutput.Directory,
        ["AzureFunctionsWebHost__hostid"] = HostId,
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
        ["ScoreJobs__Container"] = "score-jobs",
        ["ScoreJobs__Queue"] = Queue,
        ["ScoreJobs__RunQueue"] = RunQueue,
        ["ScoreJobs__ApiToken"] = ApiToken,
        ["ScoreJobs__Judge__Endpoint"] = Judge.Endpoint().ToString(),
        ["ScoreJobs__Judge__Model"] = JudgeModel,
        ["ScoreJobs__Judge__ApiKey"] = "sk-functions-test-secret",
        ["ScoreJobs__Callbacks__Secret"] = CallbackSecret,
        ["ScoreJobs__Callbacks__AllowedHosts"] = "127.0.0.1",
    };

    private static Task<FunctionsHostProcess> StartHostAsync(Dictionary<string, string?> settings, bool waitUntilReady)
    {
        var port = LoopbackPorts.Free(1)[0];
        settings["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var present = settings.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!);
        return FunctionsHostProcess.StartAsync(FunctionsHostLocator.Command(port), port, present, waitUntilReady);
    }

    /// <summary>A client as a configured caller sends: the function key and the API token.</summary>
    public HttpClient CreateClient(bool functionKey = true, bool apiToken = true)
    {
        var client = new HttpClient { BaseAddress = _host?.BaseAddress ?? throw NotStarted(), Timeout = TimeSpan.FromSeconds(60) };
        if (functionKey) client.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
        if (apiToken) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_judge is not null) await _judge.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    // The host uses keys it finds in azure-webjobs-secrets/{host id}/host.json (unencrypted), else makes its own.
    private static async Task WriteKeysAsync(BlobServiceClient blobs)
    {
        var container = blobs.GetBlobContainerClient("azure-webjobs-secrets");
        await container.CreateIfNotExistsAsync();
        var keys = new JsonObject
        {
            ["masterKey"] = new JsonObject { ["name"] = "master", ["value"] = MasterKey, ["encrypted"] = false },
            ["functionKeys"] = new JsonArray(new JsonObject { ["name"] = "default", ["value"] = FunctionKey, ["encrypted"] = false }),
            ["systemKeys"] = new JsonArray(),
            ["hostName"] = null,
            ["instanceId"] = "0000000000000000000000000000SC0E",
            ["source"] = "runtime",
            ["decryptionKeyId"] = "",
        };
        await container.GetBlobClient($"{HostId}/host.json").UploadAsync(BinaryData.FromString(keys.ToJsonString()), overwrite: true);
    }

    private static InvalidOperationException NotStarted() => new("The Functions host is not running.");
}
