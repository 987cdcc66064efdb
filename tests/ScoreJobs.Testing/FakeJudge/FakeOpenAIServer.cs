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
/// <see cref="Responder"/>) or, in auto mode, with plausible verdicts for every ScoreJobs prompt.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
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
    public HttpClient CreateHttpClient()
    {
        var thumbprint = _certificate?.GetCertHashString();
        return new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint },
        });
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
            var request = await RecordAsync(context);
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

        return AutoVerdicts.Reply(request) is { } content
            ? FakeResponse.Chat(content, promptTokens: Options.PromptTokens, completionTokens: Options.CompletionTokens)
            : FakeResponse.Error(500, $"the fake judge does not recognise the prompt (reply format '{request.ReplyFormat}')");
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
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
