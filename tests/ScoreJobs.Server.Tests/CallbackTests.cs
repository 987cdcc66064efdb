using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Testing;
using StandardWebhooks;

namespace ScoreJobs.Server;

/// <summary>
/// Signed callbacks end to end on the real server: a local receiver on 127.0.0.1 (allowed through
/// ScoreJobs__Callbacks__AllowedHosts) gets the job's summary after the record is written, verifiable with the secret;
/// failed attempts are retried on the schedule (driven by a fake clock) and recorded on the job.
/// </summary>
public sealed class CallbackTests : IAsyncLifetime
{
    // 32 random bytes, base64: a Standard Webhooks secret as an operator would make one.
    private static readonly string Secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string Job(string callbackUrl) =>
        $$"""{"question":"q","answer":"a b c","ground_truth":"a b d","metrics":["token_f1"],"metadata":{"workflow_run_id":"run-7"},"callback_url":"{{callbackUrl}}"}""";

    private readonly List<IAsyncDisposable> _receivers = [];
    private readonly List<ServerFactory> _servers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers) server.Dispose();
        foreach (var receiver in _receivers) await receiver.DisposeAsync();
    }

    [Fact]
    public async Task Callback_JobCompletes_SignedSummaryArrivesAfterTheRecordAndVerifies()
    {
        var receiver = await StartReceiverAsync();
        var client = CreateServer().CreateClient();

        var jobId = await SubmitAsync(client, receiver.Url);
        var received = Assert.Single(await receiver.WaitForAsync(1));
        var job = await WaitForCallbackAsync(client, jobId, "delivered");

        // The package's own verifier (it also checks the timestamp is within 5 minutes of now)...
        new StandardWebhook(Secret).Verify(received.Body, received.Headers);
        // ...and an independent HMAC over {id}.{timestamp}.{body} with the secret's decoded bytes.
        var id = received.Headers["webhook-id"].ToString();
        var timestamp = received.Headers["webhook-timestamp"].ToString();
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{received.Body}")));
        Assert.Equal(expected, received.Headers["webhook-signature"].ToString());
        Assert.Equal("msg_" + jobId, id);

        using var payload = JsonDocument.Parse(received.Body);
        var root = payload.RootElement;
        Assert.Equal("score_job.completed", root.GetProperty("type").GetString());
        var data = root.GetProperty("data");
        Assert.Equal(jobId, data.GetProperty("job_id").GetString());
        Assert.Equal("completed", data.GetProperty("status").GetString());
        Assert.Equal(job.GetProperty("weighted_score").GetDouble(), data.GetProperty("weighted_score").GetDouble());
        Assert.Equal(job.GetProperty("scores").GetProperty("token_f1").GetDouble(), data.GetProperty("scores").GetProperty("token_f1").GetDouble());
        Assert.Equal(job.GetProperty("finished_at").GetString(), data.GetProperty("finished_at").GetString());
        Assert.Equal("run-7", data.GetProperty("metadata").GetProperty("workflow_run_id").GetString());
        Assert.Equal($"/api/score/jobs/{jobId}", data.GetProperty("record_path").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("error").ValueKind);

        var attempt = Assert.Single(job.GetProperty("callback").GetProperty("attempts").EnumerateArray());
        Assert.Equal(200, attempt.GetProperty("status_code").GetInt32());
        Assert.Equal(receiver.Url, job.GetProperty("callback").GetProperty("url").GetString());
    }

    [Fact]
    public async Task Callback_ReceiverFailsTwice_RetriedOnTheScheduleWithOneWebhookIdAndEveryAttemptRecorded()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var receiver = await StartReceiverAsync(500, 500);
        var client = CreateServer(services: s => s.AddSingleton<TimeProvider>(clock)).CreateClient();
        var jobId = await SubmitAsync(client, receiver.Url);

        await receiver.WaitForAsync(1);
        var afterFirst = await WaitForAttemptsAsync(client, jobId, 1);
        Assert.Equal("pending", afterFirst.GetProperty("status").GetString());
        var firstDue = DateTimeOffset.Parse(afterFirst.GetProperty("next_attempt_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(firstDue - clock.GetUtcNow(), TimeSpan.FromSeconds(23), TimeSpan.FromSeconds(37));

        // Not before it is due...
        clock.Advance(TimeSpan.FromSeconds(20));
        await Task.Delay(300);
        Assert.Single(receiver.Received);

        // ...then 30 s ±20% after the first attempt, and 60 s ±20% after the second.
        clock.Advance(TimeSpan.FromSeconds(17));
        await receiver.WaitForAsync(2);
        await WaitForAttemptsAsync(client, jobId, 2);
        clock.Advance(TimeSpan.FromSeconds(73));
        await receiver.WaitForAsync(3);
        var callback = await WaitForCallbackAsync(client, jobId, "delivered");

        var attempts = callback.GetProperty("callback").GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([500, 500, 200], attempts.Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.Equal(["HTTP 500", "HTTP 500", null], attempts.Select(a => a.GetProperty("error").GetString()));
        Assert.Equal(3, attempts.Select(a => a.GetProperty("at").GetString()).Distinct().Count());
        Assert.False(callback.GetProperty("callback").TryGetProperty("next_attempt_at", out var next) && next.ValueKind != JsonValueKind.Null);
        Assert.Single(receiver.Received.Select(r => r.Headers["webhook-id"].ToString()).Distinct());
        Assert.Single(receiver.Received.Select(r => r.Body).Distinct());
        Assert.All(receiver.Received, r => new StandardWebhook(Secret).Verify(r.Body, r.Headers));
    }

    [Theory]
    [InlineData("https://10.0.0.1/x", "private")]
    [InlineData("https://127.0.0.1/x", "loopback")]
    [InlineData("https://[::1]/x", "loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("https://localhost/x", "loopback")]
    [InlineData("http://example.com/x", "https")]
    [InlineData("ftp://example.com/x", "https")]
    [InlineData("https://0127.0.0.1/x", "not a dotted-decimal IPv4")]
    [InlineData("https://0x7f.1/x", "not a dotted-decimal IPv4")]
    [InlineData("https://2130706433/x", "not a dotted-decimal IPv4")]
    [InlineData("https://8.8.8/x", "not a dotted-decimal IPv4")]
    [InlineData("https://08.8.8.8:443/x", "not a dotted-decimal IPv4")]
    public async Task Submit_CallbackUrlNotAllowed_400NamingCallbackUrlAndNothingStored(string url, string said)
    {
        var server = CreateServer(allowedHosts: "");
        var client = server.CreateClient();

        using var response = await client.PostAsync("/api/score/async", HttpJson.Body(Job(url)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.Contains(said, Assert.Single(errors.GetProperty("callback_url").EnumerateArray()).GetString());
        Assert.Empty(server.RecordFiles());
    }

    [Fact]
    public async Task Submit_CallbackWithoutSecret_400SaysCallbacksAreOffNamingTheSetting()
    {
        var server = CreateServer(secret: null);
        var client = server.CreateClient();

        using var response = await client.PostAsync("/api/score/async", HttpJson.Body(Job("https://hooks.example.com/x")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("callback_url")[0].GetString();
        Assert.Contains("callbacks are off", message);
        Assert.Contains("ScoreJobs__Callbacks__Secret", message);
        Assert.Empty(server.RecordFiles());
    }

    [Fact]
    public async Task ScoreNow_WithCallbackUrl_400SaysCallbacksAreForAsyncJobs()
    {
        var client = CreateServer().CreateClient();

        using var response = await client.PostAsync("/api/score", HttpJson.Body(Job("https://hooks.example.com/x")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("POST /api/score/async", (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("callback_url")[0].GetString());
    }

    [Fact]
    public async Task Callback_HostNameResolvingToLoopback_RefusedAtConnectAndRecordedFailed()
    {
        // A name, not an IP literal or "localhost", so the submit check lets it through; it resolves to loopback here.
        var name = Dns.GetHostName();
        var addresses = await Dns.GetHostAddressesAsync(name);
        Assert.Contains(addresses, IPAddress.IsLoopback);
        var receiver = await StartReceiverAsync();
        var client = CreateServer(allowedHosts: "").CreateClient();

        var jobId = await SubmitAsync(client, $"https://{name}:{receiver.Port}/hook");
        var job = await WaitForCallbackAsync(client, jobId, "failed");

        Assert.Equal("completed", job.GetProperty("status").GetString());
        var attempt = Assert.Single(job.GetProperty("callback").GetProperty("attempts").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("status_code").ValueKind);
        var error = attempt.GetProperty("error").GetString();
        Assert.Contains($"{name} resolves to", error);
        Assert.Contains("callbacks go only to public addresses", error);
        Assert.Contains("Nothing was sent", error);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task RunCallback_RunEnds_OneSignedRunSummaryArrives_AndIsRecordedOnTheRun()
    {
        var receiver = await StartReceiverAsync();
        var client = CreateServer().CreateClient();
        const string samples = "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"x y\",\"ground_truth\":\"x y\"}\n{\"id\":\"b\",\"question\":\"q\",\"answer\":\"x\",\"ground_truth\":\"y\"}\n";

        using var response = await client.PostAsync($"/api/score/runs?metrics=token_f1&threshold=token_f1:0.4&callback_url={Uri.EscapeDataString(receiver.Url)}",
            new StringContent(samples, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var runId = (await response.ReadJsonAsync()).GetProperty("run_id").GetString()!;

        var received = Assert.Single(await receiver.WaitForAsync(1));
        new StandardWebhook(Secret).Verify(received.Body, received.Headers);
        Assert.Equal("msg_" + runId, received.Headers["webhook-id"].ToString());
        using var payload = JsonDocument.Parse(received.Body);
        Assert.Equal("score_run.completed", payload.RootElement.GetProperty("type").GetString());
        var data = payload.RootElement.GetProperty("data");
        Assert.Equal(runId, data.GetProperty("run_id").GetString());
        Assert.Equal(2, data.GetProperty("counts").GetProperty("completed").GetInt64());
        Assert.True(data.GetProperty("passed").GetBoolean());
        Assert.Equal(0.5, data.GetProperty("aggregates").GetProperty("token_f1").GetProperty("mean").GetDouble());
        Assert.False(data.TryGetProperty("callback", out _));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        JsonElement run;
        do run = await (await client.GetAsync($"/api/score/runs/{runId}")).ReadJsonAsync();
        while (run.GetProperty("callback").GetProperty("status").GetString() != "delivered" && DateTime.UtcNow < deadline && await Delay());
        Assert.Equal("delivered", run.GetProperty("callback").GetProperty("status").GetString());
        Assert.Single(run.GetProperty("callback").GetProperty("attempts").EnumerateArray());
        Assert.Single(receiver.Received); // once, however many of its jobs ended
    }

    [Fact]
    public async Task RunCallback_PrivateAddressNotAllowed_400()
    {
        var client = CreateServer(allowedHosts: "").CreateClient();

        using var response = await client.PostAsync("/api/score/runs?metrics=token_f1&callback_url=http%3A%2F%2F127.0.0.1%3A9%2Fhook",
            new StringContent("{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"a\"}\n", Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("callback_url", out _));
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(20);
        return true;
    }

    private ServerFactory CreateServer(string? secret = "", string allowedHosts = "127.0.0.1", Action<IServiceCollection>? services = null)
    {
        var server = new ServerFactory(
            new Dictionary<string, string?>
            {
                ["ScoreJobs:Callbacks:Secret"] = secret == "" ? Secret : secret,
                ["ScoreJobs:Callbacks:AllowedHosts"] = allowedHosts,
            },
            services);
        _servers.Add(server);
        return server;
    }

    private async Task<CallbackReceiver> StartReceiverAsync(params int[] statuses)
    {
        var receiver = await CallbackReceiver.StartAsync(statuses);
        _receivers.Add(receiver);
        return receiver;
    }

    private static async Task<string> SubmitAsync(HttpClient client, string callbackUrl)
    {
        using var response = await client.PostAsync("/api/score/async", HttpJson.Body(Job(callbackUrl)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("job_id").GetString()!;
    }

    private static async Task<JsonElement> WaitForCallbackAsync(HttpClient client, string jobId, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var job = await (await client.GetAsync($"/api/score/jobs/{jobId}")).ReadJsonAsync();
            if (job.TryGetProperty("callback", out var callback) && callback.GetProperty("status").GetString() == status) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"callback of {jobId} never {status}: {job}");
            await Task.Delay(20);
        }
    }

    private static async Task<JsonElement> WaitForAttemptsAsync(HttpClient client, string jobId, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var job = await (await client.GetAsync($"/api/score/jobs/{jobId}")).ReadJsonAsync();
            var callback = job.GetProperty("callback");
            if (callback.GetProperty("attempts").GetArrayLength() >= count) return callback;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"callback of {jobId} has fewer than {count} attempts: {job}");
            await Task.Delay(20);
        }
    }
}
