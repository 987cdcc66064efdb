using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ScoreJobs.Testing;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Server;

/// <summary>
/// The daily judge budget on the server, over real HTTP: health shows it, and jobs held by it survive a kill of the
/// server process and all finish once a restart with a larger budget lets them.
/// </summary>
public sealed class BudgetTests
{
    private const string JudgeJob = """{"question":"What is the capital of France?","answer":"Paris.","contexts":["Paris is the capital of France."],"metrics":["overall_quality"],"cache":false}""";
    private const string OfflineJob = """{"question":"Capital of France?","answer":"Paris","ground_truth":"Paris","metrics":["exact_match"]}""";

    private const string Token = "budget-test-token-0123456789";

    [Fact]
    public async Task Health_NoBudgetSet_ShowsTheBudgetWithANullLimitToTheTokenOnly()
    {
        using var server = new ServerFactory(new() { ["ScoreJobs:ApiToken"] = Token });

        var client = server.CreateClient();
        Assert.False((await (await client.GetAsync("/api/health")).ReadJsonAsync()).TryGetProperty("budget", out _));
        client.DefaultRequestHeaders.Authorization = new("Bearer", Token);

        var health = await (await client.GetAsync("/api/health")).ReadJsonAsync();

        var budget = health.GetProperty("budget");
        Assert.Equal(JsonValueKind.Null, budget.GetProperty("limit").ValueKind);
        Assert.Equal(0m, budget.GetProperty("spent").GetDecimal());
        Assert.False(budget.GetProperty("exhausted").GetBoolean());
    }

    [Fact]
    public async Task ServerKilledWhileJobsWaitForBudget_RestartedWithALargerBudget_EveryJobFinishesOnce()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        var folder = Path.Combine(Path.GetTempPath(), "scorejobs-server-tests", Guid.NewGuid().ToString("N"));
        try
        {
            string[] held;
            using (var first = await ServerProcess.StartAsync(folder, judge, "0.000001"))
            {
                var client = first.Client;
                // The first job spends more than the budget; the ones after it wait.
                var spender = await SubmitAsync(client, JudgeJob);
                Assert.Equal("completed", (await client.WaitForJobAsync(spender, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
                held = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SubmitAsync(client, JudgeJob)));
                var offline = await SubmitAsync(client, OfflineJob);

                Assert.Equal("completed", (await client.WaitForJobAsync(offline, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
                foreach (var jobId in held)
                {
                    await Poll.UntilAsync(async () => (await GetJobAsync(client, jobId)).TryGetProperty("waiting", out var waiting) && waiting.GetString() == "budget",
                        $"job {jobId} to wait for the budget", TimeSpan.FromSeconds(60));
                    Assert.Equal("queued", (await GetJobAsync(client, jobId)).GetProperty("status").GetString());
                }

                var budget = (await (await client.GetAsync("/api/health")).ReadJsonAsync()).GetProperty("budget");
                Assert.Equal(0.000001m, budget.GetProperty("limit").GetDecimal());
                Assert.True(budget.GetProperty("exhausted").GetBoolean());
                Assert.True(budget.GetProperty("spent").GetDecimal() > 0);
                Assert.Equal(1, judge.ChatRequestCount);
                first.Kill();
            }

            using var second = await ServerProcess.StartAsync(folder, judge, "100");
            foreach (var jobId in held)
            {
                var job = await second.Client.WaitForJobAsync(jobId, TimeSpan.FromSeconds(90));
                Assert.Equal("completed", job.GetProperty("status").GetString());
                Assert.False(job.TryGetProperty("waiting", out _));
                Assert.Equal(1, job.GetProperty("attempts").GetInt32());
            }

            Assert.Equal(1 + held.Length, judge.ChatRequestCount);
            var after = (await (await second.Client.GetAsync("/api/health")).ReadJsonAsync()).GetProperty("budget");
            Assert.Equal((100m, false), (after.GetProperty("limit").GetDecimal(), after.GetProperty("exhausted").GetBoolean()));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> SubmitAsync(HttpClient client, string body)
    {
        var response = await client.PostAsync("/api/score/async", HttpJson.Body(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("job_id").GetString()!;
    }

    private static async Task<JsonElement> GetJobAsync(HttpClient client, string jobId) =>
        await (await client.GetAsync($"/api/score/jobs/{jobId}")).ReadJsonAsync();

    /// <summary>The built server as its own process on a jobs folder (embedded mode), killed as kill -9 would.</summary>
    private sealed class ServerProcess : IDisposable
    {
        private readonly Process _process;

        private ServerProcess(Process process, HttpClient client)
        {
            _process = process;
            Client = client;
        }

        public HttpClient Client { get; }

        public static async Task<ServerProcess> StartAsync(string folder, FakeOpenAIServer judge, string dailyBudget)
        {
            var port = LoopbackPorts.Free(1)[0];
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ScoreJobs.Server.dll"), "--urls", $"http://127.0.0.1:{port}"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                WorkingDirectory = Path.GetTempPath(),
            };
            start.Environment["ScoreJobs__JobsDirectory"] = folder;
            start.Environment["ScoreJobs__StaticSiteDirectory"] = Path.Combine(folder, "no-site");
            start.Environment["ScoreJobs__Judge__Endpoint"] = judge.Endpoint("v1/").ToString();
            start.Environment["ScoreJobs__Judge__Model"] = "judge-model";
            start.Environment["ScoreJobs__Judge__ApiKey"] = "sk-budget-test";
            start.Environment["ScoreJobs__Judge__Prices__0__Model"] = "judge-model";
            start.Environment["ScoreJobs__Judge__Prices__0__InputPerMillion"] = "2.5";
            start.Environment["ScoreJobs__Judge__Prices__0__OutputPerMillion"] = "10";
            start.Environment["ScoreJobs__Judge__DailyBudget"] = dailyBudget;
            var process = Process.Start(start)!;
            _ = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await Poll.UntilAsync(async () =>
            {
                if (process.HasExited) throw new InvalidOperationException($"the server exited at start with {process.ExitCode.ToString(CultureInfo.InvariantCulture)}");
                try
                {
                    return (await client.GetAsync("/api/health")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "the server to answer", TimeSpan.FromSeconds(60));
            return new ServerProcess(process, client);
        }

        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited) Kill();
            _process.Dispose();
            Client.Dispose();
        }
    }
}
