using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ScoreJobs.Server;

internal static class HttpJson
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>())!;

    /// <summary>Polls a job until it leaves queued/running, or fails the test after <paramref name="timeout"/>.</summary>
    public static async Task<JsonElement> WaitForJobAsync(this HttpClient client, string jobId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var job = await (await client.GetAsync($"/api/score/jobs/{jobId}")).ReadJsonAsync();
            var status = job.GetProperty("status").GetString();
            if (status is "completed" or "failed") return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {jobId} still {status}");
            await Task.Delay(20);
        }
    }

    /// <summary>Polls a run until it ends, or fails the test after <paramref name="timeout"/>.</summary>
    public static async Task<JsonElement> WaitForRunAsync(this HttpClient client, string runId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var run = await (await client.GetAsync($"/api/score/runs/{runId}")).ReadJsonAsync();
            var status = run.GetProperty("status").GetString();
            if (status is "completed" or "failed" or "cancelled") return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {runId} still {status}: {run}");
            await Task.Delay(25);
        }
    }

    /// <summary>Every job of a run, through the list's run_id filter.</summary>
    public static async Task<List<JsonElement>> RunJobsAsync(this HttpClient client, string runId)
    {
        var jobs = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"/api/score/jobs?run_id={runId}&limit=500" + (cursor is null ? "" : "&cursor=" + cursor))).ReadJsonAsync();
            jobs.AddRange(page.GetProperty("jobs").EnumerateArray());
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        return jobs;
    }
}
