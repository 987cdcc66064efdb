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
}
