using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ScoreJobs.Testing;

/// <summary>
/// A webhook receiver on real Kestrel at 127.0.0.1: answers each POST to <c>/hook</c> with the next scripted status
/// (200 once the script runs out) and keeps what it received, headers and body as they arrived.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Queue<int> _script;
    private readonly List<ReceivedCallback> _received = [];
    private readonly Lock _lock = new();

    private CallbackReceiver(WebApplication app, IEnumerable<int> script)
    {
        _app = app;
        _script = new Queue<int>(script);
    }

    /// <summary>The URL to give as <c>callback_url</c>.</summary>
    public string Url { get; private set; } = "";

    public int Port { get; private set; }

    public IReadOnlyList<ReceivedCallback> Received
    {
        get
        {
            lock (_lock) return [.. _received];
        }
    }

    public static async Task<CallbackReceiver> StartAsync(params int[] statuses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new CallbackReceiver(app, statuses);
        app.MapPost("/hook", receiver.ReceiveAsync);
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());
        receiver.Port = address.Port;
        receiver.Url = $"http://127.0.0.1:{address.Port}/hook";
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> callbacks have arrived, or fails after <paramref name="timeout"/> (default 15 s).</summary>
    public async Task<IReadOnlyList<ReceivedCallback>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var received = Received;
            if (received.Count >= count) return received;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{received.Count} of {count} callbacks arrived");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = new HeaderDictionary();
        foreach (var (name, value) in request.Headers) headers[name] = value;
        int status;
        lock (_lock)
        {
            _received.Add(new ReceivedCallback(headers, body));
            status = _script.Count > 0 ? _script.Dequeue() : 200;
        }

        return Results.StatusCode(status);
    }
}

/// <summary>One callback as it arrived.</summary>
public sealed record ReceivedCallback(IHeaderDictionary Headers, string Body);
