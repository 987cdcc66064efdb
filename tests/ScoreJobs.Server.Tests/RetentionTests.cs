using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Testing;

namespace ScoreJobs.Server;

/// <summary>The server's daily retention sweep, on a fake clock, over real HTTP.</summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task RetentionDays_ADayLater_TheDailySweepDeletesOlderJobs_AndKeepsNewOnes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var server = new ServerFactory(new() { ["ScoreJobs:RetentionDays"] = "1" }, s => s.AddSingleton<TimeProvider>(clock));
        var client = server.CreateClient();
        async Task<string> SubmitAsync()
        {
            using var response = await client.PostAsync("/api/score/async", new StringContent("{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"a\",\"metrics\":[\"token_f1\"]}", Encoding.UTF8, "application/json"));
            return (await response.ReadJsonAsync()).GetProperty("job_id").GetString()!;
        }

        var old = await SubmitAsync();
        await client.WaitForJobAsync(old);
        clock.Advance(TimeSpan.FromDays(1.5));
        var recent = await SubmitAsync();
        await client.WaitForJobAsync(recent);
        // The sweep's next tick is a day after the server started: half a day on.
        clock.Advance(TimeSpan.FromDays(0.5));

        await Poll.UntilAsync(async () => (await client.GetAsync($"/api/score/jobs/{old}")).StatusCode == HttpStatusCode.NotFound, $"job {old} to be swept");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/score/jobs/{recent}")).StatusCode);
    }
}
