using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ScoreJobs.Server;

/// <summary>Large run uploads one at a time (ScoreJobs__MaxConcurrentLargeRuns): the next waits unread, then is a 503 with Retry-After.</summary>
public sealed class RunUploadGateTests
{
    [Fact]
    public async Task Submit_LargeRunWhileAnotherIsRead_SmallOnesPassTheLargeOneWaitsThen503()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var server = new ServerFactory(new() { ["ScoreJobs:MaxConcurrentLargeRuns"] = "1" }, s => s.AddSingleton<TimeProvider>(clock));
        var client = server.CreateClient();
        var first = new StalledBody(LargeJsonl());
        var firstResponse = client.PostAsync("/api/score/runs?metrics=token_f1", first);
        await first.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var gate = server.Services.GetRequiredService<ScoreJobs.Http.RunUploadGate>();
        while (gate.InUse == 0) await Task.Delay(20);

        using var small = await client.PostAsync("/api/score/runs?metrics=token_f1",
            new StringContent("""{"question":"q","answer":"a","ground_truth":"a"}""", Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(1, gate.InUse);
        var second = client.PostAsync("/api/score/runs?metrics=token_f1", Jsonl(LargeJsonl()));
        // The second waits on the fake clock; advance it until the wait, wherever it began, has run out.
        while (!second.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(30));
            await Task.WhenAny(second, Task.Delay(50));
        }

        using var refused = await second;
        first.Release();
        using var accepted = await firstResponse;

        Assert.Equal(HttpStatusCode.Accepted, small.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    private static byte[] LargeJsonl()
    {
        var text = new StringBuilder();
        var answer = new string('a', 1000);
        for (var i = 0; text.Length < 9 * 1024 * 1024; i++) text.Append($$"""{"id":"s{{i}}","question":"q","answer":"{{answer}}","ground_truth":"{{answer}}"}""").Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static ByteArrayContent Jsonl(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-ndjson");
        return content;
    }

    /// <summary>Sends its first megabyte, then waits for <see cref="Release"/> before the rest: an upload still being read.</summary>
    private sealed class StalledBody : HttpContent
    {
        private readonly byte[] _body;
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public StalledBody(byte[] body)
        {
            _body = body;
            Headers.ContentType = new("application/x-ndjson");
            Headers.ContentLength = body.Length;
        }

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_body.AsMemory(0, 1024 * 1024));
            await stream.FlushAsync();
            Started.TrySetResult();
            await _release.Task;
            await stream.WriteAsync(_body.AsMemory(1024 * 1024));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
    }
}
