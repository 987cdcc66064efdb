using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScoreJobs.Testing.FakeJudge;

/// <summary>
/// A small OpenAI-compatible server on loopback: answers <c>POST {any base path}/chat/completions</c> and
/// <c>/embeddings</c>, so also Azure OpenAI's v1 API (<c>/openai/v1/...</c>) and its classic deployments
/// (<c>/openai/deployments/{deployment}/...?api-version=...</c>, refused with 404 without an api-version, as Azure does);
/// records every request, and replies from a per-test script (<see cref="EnqueueChat"/>,
/// <see cref="Responder"/>) or, in auto mode, with plausible verdicts for every ScoreJobs prompt. It also serves the
/// Batch API (<c>/files</c>, <c>/batches</c>, under any base path, Azure's <c>/openai/...?api-version=</c> too): a batch's
/// lines are answered as chat requests are, when its status is read after <see cref="BatchPollsBeforeDone"/> reads.
/// </summary>
public sealed partial class FakeOpenAIServer : IAsyncDisposable
{
    // One throwaway certificate for every https server of the process: an RSA key costs a noticeable part of a second.
    private static readonly Lazy<X509Certificate2> Certificate = new(CreateCertificate);

    private readonly WebApplication _app;
    private readonly X509Certificate2? _certificate;
    private readonly ConcurrentQueue<FakeResponse> _chat = new();
    private readonly ConcurrentQueue<FakeResponse> _embeddings = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _inFlight;
    private int _maxInFlight;
    private int _chatCount;
    private int _embeddingCount;
    private int _batchLineCount;
    private int _nextId;
    private readonly ConcurrentDictionary<string, (string Purpose, byte[] Content)> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeBatch> _batches = new(StringComparer.Ordinal);

    private FakeOpenAIServer(FakeOpenAIServerOptions options)
    {
        Options = options;
        _certificate = options.Https ? Certificate.Value : null;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (_certificate is not null) listen.UseHttps(_certificate);
        }));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public FakeOpenAIServerOptions Options { get; }

    /// <summary><c>http(s)://127.0.0.1:PORT/</c></summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Replies before the scripted queues when it returns a response.</summary>
    public Func<RecordedRequest, FakeResponse?>? Responder { get; set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock) return [.. _requests];
        }
    }

    public IReadOnlyList<RecordedRequest> ChatRequests => [.. Requests.Where(r => r.IsChat)];

    public IReadOnlyList<RecordedRequest> EmbeddingRequests => [.. Requests.Where(r => r.IsEmbeddings)];

    /// <summary>Chat completion requests received, recorded or not.</summary>
    public int ChatRequestCount => Volatile.Read(ref _chatCount);

    /// <summary>Embeddings requests received, recorded or not.</summary>
    public int EmbeddingRequestCount => Volatile.Read(ref _embeddingCount);

    /// <summary>Batch lines answered (never counted as chat requests).</summary>
    public int BatchLineCount => Volatile.Read(ref _batchLineCount);

    /// <summary>The batches created, oldest first.</summary>
    public IReadOnlyList<FakeBatch> Batches => [.. _batches.Values.OrderBy(b => b.Id, StringComparer.Ordinal)];

    /// <summary>How many reads of a batch's status still say <c>in_progress</c> before the read that ends it.</summary>
    public int BatchPollsBeforeDone { get; set; }

    /// <summary>How a batch ends: <c>completed</c>, <c>failed</c> (no output) or <c>expired</c> (every line in the error file).</summary>
    public string BatchOutcome { get; set; } = "completed";

    /// <summary>Answers a Batch API request (<c>/files</c>, <c>/batches</c>) in place of the fake's own handling when it returns a response.</summary>
    public Func<RecordedRequest, FakeResponse?>? BatchApiResponder { get; set; }

    /// <summary>Lines of a completed batch that go to the error file (HTTP 500) instead of being answered.</summary>
    public Func<RecordedRequest, bool>? BatchLineFails { get; set; }

    /// <summary>The most requests that were being answered at the same moment.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref _maxInFlight);

    public static async Task<FakeOpenAIServer> StartAsync(FakeOpenAIServerOptions? options = null)
    {
        var server = new FakeOpenAIServer(options ?? new FakeOpenAIServerOptions());
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>The endpoint a client should be configured with, e.g. <c>Endpoint("openai/v1/")</c> for the Azure shape.</summary>
    public Uri Endpoint(string basePath = "v1/") => new(BaseAddress, basePath);

    /// <summary>Chat replies, used in order; embeddings requests do not consume them.</summary>
    public void EnqueueChat(params FakeResponse[] responses)
    {
        foreach (var response in responses) _chat.Enqueue(response);
    }

    /// <summary>Chat replies whose message contents are these strings.</summary>
    public void EnqueueChat(params string[] contents) => EnqueueChat([.. contents.Select(c => FakeResponse.Chat(c))]);

    public void EnqueueEmbeddings(params FakeResponse[] responses)
    {
        foreach (var response in responses) _embeddings.Enqueue(response);
    }

    /// <summary>An <see cref="HttpClient"/> that trusts this server's self-signed certificate (and nothing else).</summary>
    public HttpClient CreateHttpClient() => new(CreateHttpHandler());

    /// <summary>A handler that trusts this server's certificate (and no other).</summary>
    public SocketsHttpHandler CreateHttpHandler()
    {
        var thumbprint = _certificate?.GetCertHashString();
        return new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint },
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, inFlight);
        try
        {
            if (BatchRoute().IsMatch(context.Request.Path.Value ?? "")) context.Request.EnableBuffering();
            var request = await RecordAsync(context);
            if (await TryServeBatchApiAsync(context, request)) return;
            using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            var response = Choose(request);
            if (response.Hang)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, aborted.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            var delay = response.Delay > TimeSpan.Zero ? response.Delay : Options.Latency;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, aborted.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                if (aborted.IsCancellationRequested) return;
            }

            context.Response.StatusCode = response.Status;
            foreach (var (name, value) in response.Headers) context.Response.Headers[name] = value;
            context.Response.ContentType = "application/json";
            var body = response.Vectors is { } vectors ? EmbeddingsBody(request, vectors, response.PromptTokens) : response.Body;
            await context.Response.WriteAsync(body, aborted.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up or the server is stopping.
        }

        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private FakeResponse Choose(RecordedRequest request)
    {
        if (request.Method != "POST" || !(request.IsChat || request.IsEmbeddings))
        {
            return FakeResponse.Error(404, $"no route {request.Method} {request.Path}");
        }

        if (request.Deployment is not null && string.IsNullOrEmpty(request.QueryValue("api-version")))
        {
            return FakeResponse.Error(404, "Resource not found (a deployment URL needs an api-version)");
        }

        if (Responder?.Invoke(request) is { } scripted) return scripted;
        if ((request.IsChat ? _chat : _embeddings).TryDequeue(out var queued)) return queued;
        if (!Options.AutoReply) return FakeResponse.Error(500, $"the fake judge has no scripted response for {request.Path}");

        if (request.IsEmbeddings)
        {
            return FakeResponse.Embeddings([.. request.EmbeddingInputs.Select(i => AutoVerdicts.Embed(i, Options.EmbeddingDimensions))],
                promptTokens: request.EmbeddingInputs.Sum(i => i.Length / 4 + 1));
        }

        if (AutoVerdicts.Reply(request) is not { } content)
        {
            return FakeResponse.Error(500, $"the fake judge does not recognise the prompt (reply format '{request.ReplyFormat}')");
        }

        var (prompt, completion) = Options.Usage?.Invoke(request, content) ?? (Options.PromptTokens, Options.CompletionTokens);
        return FakeResponse.Chat(content, promptTokens: prompt, completionTokens: completion);
    }

    private async Task<bool> TryServeBatchApiAsync(HttpContext context, RecordedRequest request)
    {
        var route = BatchRoute().Match(request.Path);
        if (!route.Success) return false;
        if (BatchApiResponder?.Invoke(request) is { } scripted)
        {
            context.Response.StatusCode = scripted.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(scripted.Body, context.RequestAborted);
            return true;
        }

        var azureClassic = request.Path.StartsWith("/openai/", StringComparison.Ordinal) && !request.Path.StartsWith("/openai/v1/", StringComparison.Ordinal);
        var (status, body) = azureClassic && string.IsNullOrEmpty(request.QueryValue("api-version"))
            ? (404, FakeResponse.Error(404, "Resource not found (needs an api-version)").Body)
            : (route.Groups["kind"].Value, route.Groups["id"].Success ? route.Groups["id"].Value : null, route.Groups["action"].Success ? route.Groups["action"].Value : null, request.Method) switch
            {
                ("files", null, null, "POST") => await UploadAsync(context),
                ("files", { } id, "content", "GET") => _files.TryGetValue(id, out var file) ? (200, Encoding.UTF8.GetString(file.Content)) : NotFound(id),
                ("files", { } id, null, "GET") => _files.TryGetValue(id, out var file) ? (200, FileJson(id, file.Purpose, file.Content.Length)) : NotFound(id),
                ("batches", null, null, "POST") => CreateBatch(request),
                ("batches", { } id, null, "GET") => _batches.TryGetValue(id, out var batch) ? (200, BatchJson(Advance(batch))) : NotFound(id),
                ("batches", { } id, "cancel", "POST") => _batches.TryGetValue(id, out var batch) ? (200, BatchJson(Cancel(batch))) : NotFound(id),
                _ => (404, FakeResponse.Error(404, $"no route {request.Method} {request.Path}").Body),
            };
        context.Response.StatusCode = status;
        context.Response.ContentType = route.Groups["action"].Value == "content" && status == 200 ? "application/octet-stream" : "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
        return true;

        static (int, string) NotFound(string id) => (404, FakeResponse.Error(404, $"No such object: {id}").Body);
    }

    private async Task<(int, string)> UploadAsync(HttpContext context)
    {
        context.Request.Body.Position = 0;
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form.Files.GetFile("file") is not { } upload) return (400, FakeResponse.Error(400, "file is required").Body);
        using var content = new MemoryStream();
        await upload.CopyToAsync(content, context.RequestAborted);
        var purpose = form["purpose"].ToString();
        var id = $"file-{Interlocked.Increment(ref _nextId):D4}";
        _files[id] = (purpose, content.ToArray());
        return (200, FileJson(id, purpose, (int)content.Length));
    }

    private (int, string) CreateBatch(RecordedRequest request)
    {
        var json = request.Json;
        var input = json.TryGetProperty("input_file_id", out var f) ? f.GetString() : null;
        if (input is null || !_files.TryGetValue(input, out var inputFile)) return (400, FakeResponse.Error(400, "input_file_id names no file", param: "input_file_id").Body);
        var batch = new FakeBatch
        {
            Id = $"batch_{Interlocked.Increment(ref _nextId):D4}",
            InputFileId = input,
            Endpoint = json.TryGetProperty("endpoint", out var e) ? e.GetString() ?? "" : "",
            CompletionWindow = json.TryGetProperty("completion_window", out var w) ? w.GetString() ?? "" : "",
            Metadata = json.TryGetProperty("metadata", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.Object
                ? m.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
                : new Dictionary<string, string>(),
        };
        batch.Total = Encoding.UTF8.GetString(inputFile.Content).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        _batches[batch.Id] = batch;
        return (200, BatchJson(batch));
    }

    private static FakeBatch Cancel(FakeBatch batch)
    {
        lock (batch)
        {
            if (batch.Status is "validating" or "in_progress") batch.Status = "cancelling";
        }

        return batch;
    }

    // Each read moves the batch on: in_progress for BatchPollsBeforeDone reads, then it ends as BatchOutcome says.
    private FakeBatch Advance(FakeBatch batch)
    {
        lock (batch)
        {
            batch.Polls++;
            if (batch.Status == "cancelling") batch.Status = "cancelled";
            if (batch.Status is not ("validating" or "in_progress")) return batch;
            if (batch.Polls <= BatchPollsBeforeDone)
            {
                batch.Status = "in_progress";
                return batch;
            }

            var output = new StringBuilder();
            var errors = new StringBuilder();
            foreach (var text in Encoding.UTF8.GetString(_files[batch.InputFileId].Content).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var line = System.Text.Json.JsonDocument.Parse(text).RootElement;
                var customId = line.GetProperty("custom_id").GetString();
                var lineRequest = new RecordedRequest("POST", line.GetProperty("url").GetString() ?? "", new Dictionary<string, string>(), line.GetProperty("body").GetRawText());
                Interlocked.Increment(ref _batchLineCount);
                if (BatchOutcome == "expired")
                {
                    errors.AppendLine(new JsonObject
                    {
                        ["id"] = $"batch_req_{Interlocked.Increment(ref _nextId)}",
                        ["custom_id"] = customId,
                        ["response"] = null,
                        ["error"] = new JsonObject { ["code"] = "batch_expired", ["message"] = "This request could not be executed before the completion window expired." },
                    }.ToJsonString());
                    continue;
                }

                var response = BatchLineFails?.Invoke(lineRequest) == true ? FakeResponse.Error(500, "The fake judge failed this batch line.", "server_error") : Choose(lineRequest);
                (response.Status == 200 ? output : errors).AppendLine(new JsonObject
                {
                    ["id"] = $"batch_req_{Interlocked.Increment(ref _nextId)}",
                    ["custom_id"] = customId,
                    ["response"] = new JsonObject { ["status_code"] = response.Status, ["request_id"] = "req_fake", ["body"] = JsonNode.Parse(response.Body) },
                    ["error"] = null,
                }.ToJsonString());
            }

            if (BatchOutcome == "failed")
            {
                batch.Status = "failed";
                return batch;
            }

            batch.Status = BatchOutcome == "expired" ? "expired" : "completed";
            batch.Completed = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            batch.Failed = batch.Total - batch.Completed;
            batch.OutputFileId = output.Length == 0 ? null : StoreFile("batch_output", output.ToString());
            batch.ErrorFileId = errors.Length == 0 ? null : StoreFile("batch_output", errors.ToString());
            return batch;
        }
    }

    private string StoreFile(string purpose, string content)
    {
        var id = $"file-{Interlocked.Increment(ref _nextId):D4}";
        _files[id] = (purpose, Encoding.UTF8.GetBytes(content));
        return id;
    }

    private static string FileJson(string id, string purpose, int bytes) => new JsonObject
    {
        ["id"] = id, ["object"] = "file", ["bytes"] = bytes, ["created_at"] = 1_700_000_000, ["filename"] = "scorejobs-batch.jsonl", ["purpose"] = purpose, ["status"] = "processed",
    }.ToJsonString();

    private static string BatchJson(FakeBatch batch)
    {
        lock (batch)
        {
            return new JsonObject
            {
                ["id"] = batch.Id,
                ["object"] = "batch",
                ["endpoint"] = batch.Endpoint,
                ["input_file_id"] = batch.InputFileId,
                ["completion_window"] = batch.CompletionWindow,
                ["status"] = batch.Status,
                ["output_file_id"] = batch.OutputFileId,
                ["error_file_id"] = batch.ErrorFileId,
                ["created_at"] = 1_700_000_000,
                ["errors"] = batch.Status == "failed"
                    ? new JsonObject { ["object"] = "list", ["data"] = new JsonArray(new JsonObject { ["code"] = "fake_failure", ["message"] = "The fake judge failed the batch." }) }
                    : null,
                ["request_counts"] = new JsonObject { ["total"] = batch.Total, ["completed"] = batch.Completed, ["failed"] = batch.Failed },
                ["metadata"] = new JsonObject([.. batch.Metadata.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value))]),
            }.ToJsonString();
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("/(?<kind>files|batches)(?:/(?<id>[^/]+)(?:/(?<action>content|cancel))?)?$")]
    private static partial System.Text.RegularExpressions.Regex BatchRoute();

    private async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", headers, body)
        {
            Query = context.Request.QueryString.Value?.TrimStart('?') ?? "",
        };
        if (request.IsChat) Interlocked.Increment(ref _chatCount);
        if (request.IsEmbeddings) Interlocked.Increment(ref _embeddingCount);
        if (Options.RecordRequests)
        {
            lock (_lock) _requests.Add(request);
        }

        return request;
    }

    private static string EmbeddingsBody(RecordedRequest request, IReadOnlyList<float[]> vectors, int promptTokens)
    {
        var base64 = request.Json.TryGetProperty("encoding_format", out var format) && format.GetString() == "base64";
        var data = new JsonArray();
        for (var i = 0; i < vectors.Count; i++)
        {
            JsonNode embedding = base64
                ? Convert.ToBase64String(vectors[i].SelectMany(BitConverter.GetBytes).ToArray())
                : new JsonArray([.. vectors[i].Select(v => (JsonNode)v)]);
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = request.Model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["total_tokens"] = promptTokens },
        }.ToJsonString();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
}
