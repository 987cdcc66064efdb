using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ScoreJobs.Cli.Api;

/// <summary>
/// The client's retries (the standard resilience handler) over real HTTP, against a local server that answers as each
/// test scripts it, on a fake clock the test moves: a pause the client takes shows as fake time between two requests.
/// </summary>
public sealed class ScoreJobsClientTests : IAsyncLifetime
{
    private const string RunJson = """{"run_id":"r_1","status":"running","samples":2,"counts":{"queued":2}}""";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly Queue<(int Status, string? RetryAfter)> _script = new();
    private readonly List<Received> _received = [];
    private readonly Lock _lock = new();
    private WebApplication _server = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.Run(AnswerAsync);
        await _server.StartAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ScoreJobsClient CreateSut() => new(ServerAddress.Parse(_server.Urls.Single()), key: null,
        new CliEnvironment(TextWriter.Null, TextWriter.Null, false, false, _ => null, _time) { Timings = Timings });

    // Attempts may take as long as they like on the fake clock, which moves a second every 50 ms of real time.
    private static WaitTimings Timings { get; } = CliRun.QuickTimings with { RequestTimeout = TimeSpan.FromHours(1), UploadTimeout = TimeSpan.FromHours(1) };

    private IReadOnlyList<Received> Requests
    {
        get
        {
            lock (_lock) return [.. _received];
        }
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task GetRunAsync_TransientAnswerWithRetryAfter_RetriesOnlyWhenTheServerSaid(int status)
    {
        _script.Enqueue((status, "20"));
        using var sut = CreateSut();

        var reply = await DriveAsync(sut.GetRunAsync("r_1", CancellationToken.None));

        Assert.Equal("r_1", reply.Value.RunId);
        var requests = Requests;
        Assert.Equal(2, requests.Count);
        // The client's own backoff here is 20-50 ms: a retry sooner than 20 s did not wait for Retry-After.
        Assert.InRange(requests[1].At - requests[0].At, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40));
    }

    [Fact]
    public async Task GetRunAsync_ServerKeepsFailing_GivesUpAfterTheRetriesWithTheServersAnswer()
    {
        for (var i = 0; i < 3; i++) _script.Enqueue((500, null));
        using var sut = CreateSut();

        var error = await Assert.ThrowsAsync<CliException>(() => DriveAsync(sut.GetRunAsync("r_1", CancellationToken.None)));

        Assert.Equal(1 + Timings.TransientRetries, Requests.Count);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitRunAsync_RetriedAfter503_SendsTheSameBodyAndIdempotencyKeyAgain()
    {
        _script.Enqueue((503, "1"));
        using var sut = CreateSut();

        var reply = await DriveAsync(sut.SubmitRunAsync(new StringContent("{\"q\":\"什么是 RAG？\"}\n"), "", "key-1", CancellationToken.None));

        Assert.Equal("r_1", reply.Value.RunId);
        var requests = Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(("POST", "key-1", "{\"q\":\"什么是 RAG？\"}\n"), (r.Method, r.IdempotencyKey, r.Body)));
    }

    /// <summary>Moves the fake clock a second at a time until <paramref name="task"/> ends, so each retry's pause passes.</summary>
    private async Task<T> DriveAsync<T>(Task<T> task)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            if (waited.Elapsed > Deadline) Assert.Fail($"the request did not end within {Deadline.TotalSeconds} s; {Requests.Count} requests so far");
            await Task.WhenAny(task, Task.Delay(50));
            if (!task.IsCompleted) _time.Advance(TimeSpan.FromSeconds(1));
        }

        return await task;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        (int Status, string? RetryAfter) answer;
        lock (_lock)
        {
            _received.Add(new Received(_time.GetUtcNow(), context.Request.Method, context.Request.Headers["Idempotency-Key"].ToString(), body));
            answer = _script.Count > 0 ? _script.Dequeue() : (context.Request.Method == "POST" ? 202 : 200, null);
        }

        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is { } after) context.Response.Headers.RetryAfter = after;
        if (answer.Status is 200 or 202)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(RunJson);
        }
    }

    private sealed record Received(DateTimeOffset At, string Method, string IdempotencyKey, string Body);
}
