using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ScoreFunctions.Hosting;
using ScoreJobs.Index;
using ScoreJobs.Index.Tables;
using ScoreJobs.Records;
using ScoreJobs.Requests;
using ScoreJobs.Storage.Azure;

namespace ScoreFunctions;

/// <summary>
/// The app under a real Functions host configured otherwise than the shared one, on the same Azurite and judge: a
/// queue setting missing or empty stops it at start with one line in the host's log, and a queue trigger disabled by
/// its app setting makes readiness and the routes that would write to its lane answer 503 naming the setting. Each
/// test starts a host of its own (seconds each), so there are as few as the cases need.
/// </summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsAppSettingsUnderHostTests(FunctionsHostFixture host)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // A run id of the right shape; the retry is refused before it is looked up.
    private const string SomeRunId = "zzzybptkcw9n2ykmjzynvfapgxch";

    [FunctionsHostFact]
    public Task Start_RunQueueMissing_HostLogsTheSettingAndAcceptsNothing() =>
        AssertStopsAtStartAsync(settings => settings["ScoreJobs__RunQueue"] = null, "ScoreJobs cannot start: ScoreJobs__RunQueue is not set.");

    [FunctionsHostFact]
    public Task Start_QueueEmpty_HostLogsTheSettingAndAcceptsNothing() =>
        AssertStopsAtStartAsync(settings => settings["ScoreJobs__Queue"] = "", "ScoreJobs cannot start: ScoreJobs__Queue is not set.");

    [FunctionsHostFact]
    public async Task Ready_QueueTriggersDisabledByAppSetting_503NamingEachSetting_AndTheirRoutes503StoringNothing()
    {
        await using var other = await host.StartOtherHostAsync(settings =>
        {
            settings["AzureWebJobs.ProcessLiveQueue.Disabled"] = "true";
            settings["AzureWebJobs.ProcessRunQueue.Disabled"] = "1";
        }, waitUntilReady: true);
        using var client = CreateClient(other.BaseAddress);
        var tag = "disabled-" + Guid.NewGuid().ToString("N");

        using var ready = await client.GetAsync("api/health/ready");
        using var job = await client.PostAsync("api/score/async", Json($$$"""{"question":"q","answer":"a","ground_truth":"a","metrics":["token_f1"],"metadata":{"app":"{{{tag}}}"}}"""));
        using var run = await client.PostAsync($"api/score/runs?name={tag}&metrics=token_f1",
            new StringContent("""{"question":"q","answer":"a","ground_truth":"a"}""" + "\n", Encoding.UTF8, "application/x-ndjson"));
        using var retry = await client.PostAsync($"api/score/runs/{SomeRunId}/retry", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var readiness = await ReadJsonAsync(ready);
        var listeners = readiness.GetProperty("checks").GetProperty("listeners");
        Assert.Equal("failed", listeners.GetProperty("status").GetString());
        Assert.Contains("AzureWebJobs.ProcessLiveQueue.Disabled", readiness.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("AzureWebJobs.ProcessRunQueue.Disabled", readiness.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("ok", readiness.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());

        await AssertUnavailableNamingAsync(job, "AzureWebJobs.ProcessLiveQueue.Disabled", readiness);
        await AssertUnavailableNamingAsync(run, "AzureWebJobs.ProcessRunQueue.Disabled", readiness);
        await AssertUnavailableNamingAsync(retry, "AzureWebJobs.ProcessRunQueue.Disabled", readiness);

        var jobs = await ReadJsonAsync(await client.GetAsync($"api/score/jobs?tag=app:{tag}"));
        Assert.Empty(jobs.GetProperty("jobs").EnumerateArray());
        var runs = await ReadJsonAsync(await client.GetAsync("api/score/runs?limit=200"));
        Assert.DoesNotContain(runs.GetProperty("runs").EnumerateArray(), r => r.GetProperty("name").GetString() == tag);
    }

    [FunctionsHostFact]
    public async Task Submit_AppSampledAtZero_200NotSampled_NothingStored_CountedInStats()
    {
        var app = "sampling-" + Guid.NewGuid().ToString("N");
        await using var other = await host.StartOtherHostAsync(settings => settings[$"ScoreJobs__Sampling__Apps__{app}"] = "0", waitUntilReady: true);
        using var client = CreateClient(other.BaseAddress);

        using var skipped = await client.PostAsync("api/score/async", Json($$$"""{"question":"q","answer":"a","ground_truth":"a","metrics":["token_f1"],"metadata":{"app":"{{{app}}}"}}"""));
        using var bad = await client.PostAsync("api/score/async", Json($$$"""{"answer":"a","metadata":{"app":"{{{app}}}"}}"""));

        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        var body = await ReadJsonAsync(skipped);
        Assert.Equal("not_sampled", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("sampled").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode); // bad input is a 400 whatever the rate
        var jobs = await ReadJsonAsync(await client.GetAsync($"api/score/jobs?tag=app:{app}"));
        Assert.Empty(jobs.GetProperty("jobs").EnumerateArray());
        var stats = await ReadJsonAsync(await client.GetAsync($"api/score/stats?tag=app:{app}"));
        Assert.Equal(1, stats.GetProperty("not_sampled").GetInt64());
        Assert.Equal(0, stats.GetProperty("total").GetInt64());
    }

    [FunctionsHostFact]
    public async Task DailyBudgetSpent_HealthShowsIt_JudgeJobWaitsQueuedAndItsMessageIsRequeuedNotPoisoned()
    {
        // A container and queues of its own: the shared host (no budget) must not take the job, nor its spend count here.
        var name = "budget-" + Guid.NewGuid().ToString("N")[..12];
        await using var other = await host.StartOtherHostAsync(settings =>
        {
            settings["ScoreJobs__Container"] = name;
            settings["ScoreJobs__Queue"] = name;
            settings["ScoreJobs__RunQueue"] = name + "-runs";
            settings["ScoreJobs__Judge__DailyBudget"] = "0";
        }, waitUntilReady: true);
        using var client = CreateClient(other.BaseAddress);

        var budget = (await ReadJsonAsync(await client.GetAsync("api/health"))).GetProperty("budget");
        Assert.Equal((0m, 0m, true), (budget.GetProperty("limit").GetDecimal(), budget.GetProperty("spent").GetDecimal(), budget.GetProperty("exhausted").GetBoolean()));

        using var submitted = await client.PostAsync("api/score/async", Json("""{"question":"q","answer":"a","contexts":["c"],"metrics":["overall_quality"]}"""));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var jobId = (await ReadJsonAsync(submitted)).GetProperty("job_id").GetString();
        JsonElement job = default;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            job = await ReadJsonAsync(await client.GetAsync($"api/score/jobs/{jobId}"));
            if (job.TryGetProperty("waiting", out var waiting) && waiting.GetString() == "budget") break;
            await Task.Delay(100);
        }

        Assert.Equal(("queued", "budget", 0), (job.GetProperty("status").GetString(), job.GetProperty("waiting").GetString(), job.GetProperty("attempts").GetInt32()));
        // Requeued as a fresh message, hidden until the recheck: once the runtime has deleted the one delivered, one
        // message on the lane, none visible, none poisoned.
        var lane = host.Queues.GetQueueClient(name);
        var count = -1;
        for (waited.Restart(); waited.Elapsed < StartTimeout && count != 1; await Task.Delay(100))
        {
            count = (await lane.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }

        Assert.Equal(1, count);
        Assert.Empty((await lane.PeekMessagesAsync()).Value);
        var poison = host.Queues.GetQueueClient(name + "-poison");
        Assert.True(!(await poison.ExistsAsync()).Value || (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
    }

    [FunctionsHostFact]
    public async Task SweepRetention_RunOnTheHost_DeletesTheJobOlderThanRetentionDaysAndKeepsTheNewOne()
    {
        // A container and queues of its own, so the sweep sees only this test's jobs.
        var name = "retention-" + Guid.NewGuid().ToString("N")[..12];
        var storage = StorageAccountSettings.FromConnectionString(host.StorageConnectionString);
        using var http = new HttpClient();
        using var written = new IndexedJobStore(
            new BlobJobStore(storage, name, http, NullLogger<BlobJobStore>.Instance),
            new TableJobIndex(storage.CreateTableServiceClient(TableIndexClients.Options()).GetTableClient(TableJobIndex.TableNameFor(name)), NullLogger<TableJobIndex>.Instance));
        var tenDaysAgo = DateTimeOffset.UtcNow.AddDays(-10);
        var old = new JobRecord
        {
            JobId = JobId.New(tenDaysAgo), Status = JobStatus.Completed, CreatedAt = tenDaysAgo, FinishedAt = tenDaysAgo,
            RequestSummary = new RequestSummary { Question = "asked ten days ago" }, Request = new ScoreRequest { Question = "asked ten days ago" },
        };
        Assert.True(await written.TryCreateAsync(old, CancellationToken.None));
        await using var other = await host.StartOtherHostAsync(settings =>
        {
            settings["ScoreJobs__Container"] = name;
            settings["ScoreJobs__Queue"] = name;
            settings["ScoreJobs__RunQueue"] = name + "-runs";
            settings["ScoreJobs__RetentionDays"] = "1";
        }, waitUntilReady: true);
        using var client = CreateClient(other.BaseAddress);
        using var submitted = await client.PostAsync("api/score/async", Json("""{"question":"asked today","answer":"a","ground_truth":"a","metrics":["exact_match"]}"""));
        var recent = (await ReadJsonAsync(submitted)).GetProperty("job_id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"api/score/jobs/{old.JobId}")).StatusCode);

        // Run the timer now, as the portal's "Test/Run" does: the host's admin API, with the master key.
        using var admin = new HttpClient { BaseAddress = other.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        admin.DefaultRequestHeaders.Add("x-functions-key", FunctionsHostFixture.MasterKey);
        using var invoked = await admin.PostAsync("admin/functions/SweepRetention", Json("""{"input":""}"""));
        Assert.Equal(HttpStatusCode.Accepted, invoked.StatusCode);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        var status = HttpStatusCode.OK;
        while (status != HttpStatusCode.NotFound && waited.Elapsed < StartTimeout)
        {
            await Task.Delay(200);
            status = (await client.GetAsync($"api/score/jobs/{old.JobId}")).StatusCode;
        }

        Assert.True(status == HttpStatusCode.NotFound, $"the ten-day-old job is still there after {StartTimeout.TotalSeconds} s. Host log:\n{other.LogTail}");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"api/score/jobs/{recent}")).StatusCode);
        var listed = (await ReadJsonAsync(await client.GetAsync("api/score/jobs"))).GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job_id").GetString()).ToList();
        Assert.Equal([recent], listed);
    }

    private async Task AssertStopsAtStartAsync(Action<Dictionary<string, string?>> change, string line)
    {
        await using var other = await host.StartOtherHostAsync(change, waitUntilReady: false);

        Assert.True(await other.WaitForLogAsync(line, StartTimeout), $"The host's log has no \"{line}\":\n{other.LogTail}");
        // The host gives up on a worker that exits at start and recycles itself: nothing listens, or what answers refuses.
        using var client = CreateClient(other.BaseAddress);
        foreach (var (route, content) in new[]
        {
            ("api/score/async", Json("""{"question":"q","answer":"a","ground_truth":"a","metrics":["token_f1"]}""")),
            ("api/score/runs?metrics=token_f1", Json("""{"samples":[{"question":"q","answer":"a","ground_truth":"a"}]}""")),
        })
        {
            HttpStatusCode? status = null;
            try
            {
                using var response = await client.PostAsync(route, content);
                status = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // not listening: nothing accepted
            }
            catch (TaskCanceledException)
            {
                // no answer: nothing accepted
            }

            Assert.NotEqual(HttpStatusCode.Accepted, status);
        }
    }

    private static async Task AssertUnavailableNamingAsync(HttpResponseMessage response, string setting, JsonElement readiness)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var detail = (await ReadJsonAsync(response)).GetProperty("detail").GetString()!;
        Assert.StartsWith($"The app setting {setting} ", detail, StringComparison.Ordinal);
        // The same sentence readiness gives.
        Assert.Contains(detail, readiness.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static HttpClient CreateClient(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHostFixture.FunctionKey);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FunctionsHostFixture.ApiToken);
        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
