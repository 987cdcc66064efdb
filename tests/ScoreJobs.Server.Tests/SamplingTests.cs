using System.Globalization;
using System.Net;
using System.Text;

namespace ScoreJobs.Server;

/// <summary>Sampling of live calls over real HTTP, on the embedded default.</summary>
public sealed class SamplingTests
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Submit_RateZero_200NotSampled_NothingStored_StatsCountIt_RunsNeverSampled()
    {
        using var server = new ServerFactory(new() { ["ScoreJobs:Sampling:Rate"] = "0" });
        using var client = server.CreateClient();

        using var response = await client.PostAsync("/api/score/async", Json("""{"question":"q","answer":"a","ground_truth":"a","metrics":["token_f1"]}"""));
        using var run = await client.PostAsync("/api/score/runs?metrics=token_f1", new StringContent("{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"a\"}\n", Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("not_sampled", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("sampled").GetBoolean());
        Assert.False(response.Headers.Contains("Location"));
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        var stats = await (await client.GetAsync("/api/score/stats?source=live")).ReadJsonAsync();
        Assert.Equal(0, stats.GetProperty("total").GetInt64());
        Assert.Equal(1, stats.GetProperty("not_sampled").GetInt64());
        var ofRuns = await (await client.GetAsync("/api/score/stats?source=run")).ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, ofRuns.GetProperty("not_sampled").ValueKind);
    }

    [Fact]
    public async Task Submit_HalfRate_ADifyRetryGetsTheSameAnswer_AndAboutHalfAreScored()
    {
        using var server = new ServerFactory(new() { ["ScoreJobs:Sampling:Rate"] = "0.5" });
        using var client = server.CreateClient();
        async Task<HttpStatusCode> SubmitAsync(int run)
        {
            var metadata = "{\"workflow_run_id\":\"wf-" + run.ToString(CultureInfo.InvariantCulture) + "\"}";
            using var response = await client.PostAsync("/api/score/async", Json("{\"question\":\"q\",\"answer\":\"a\",\"metrics\":[\"token_f1\"],\"ground_truth\":\"a\",\"metadata\":" + metadata + "}"));
            return response.StatusCode;
        }

        var first = new List<HttpStatusCode>();
        var again = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++) first.Add(await SubmitAsync(i));
        for (var i = 0; i < 40; i++) again.Add(await SubmitAsync(i));

        Assert.Equal(first, again);
        Assert.InRange(first.Count(s => s == HttpStatusCode.Accepted), 8, 32);
        var stats = await (await client.GetAsync("/api/score/stats")).ReadJsonAsync();
        Assert.Equal(80 - (2 * first.Count(s => s == HttpStatusCode.Accepted)), stats.GetProperty("not_sampled").GetInt64());
    }

    [Fact]
    public void Start_RateAboveOne_Fails()
    {
        using var server = new ServerFactory(new() { ["ScoreJobs:Sampling:Rate"] = "1.5" });

        var error = Assert.ThrowsAny<Exception>(() => server.CreateClient());

        Assert.Contains("ScoreJobs:Sampling:Rate", error.ToString(), StringComparison.Ordinal);
    }
}
