using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Jobs;

namespace ScoreJobs.Server;

public sealed class SubmitPacingTests
{
    private const string Offline = """{"question":"q","answer":"a","ground_truth":"a","metrics":["token_f1"]}""";

    [Fact]
    public async Task Requests_OnlyTheAsyncSubmitsTimedForTheWorkersPacing()
    {
        // The clock stands still, so the pacing's window stays open and counts what it was told.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var server = new ServerFactory(services: s => s.AddSingleton<TimeProvider>(clock));
        var client = server.CreateClient();
        var pacing = server.Services.GetRequiredService<WorkerPacing>();

        using var accepted = await client.PostAsync("/api/score/async", HttpJson.Body(Offline));
        using var refused = await client.PostAsync("/api/score/async", HttpJson.Body("""{"question":"q"}"""));
        using var list = await client.GetAsync("/api/score/jobs");
        using var scored = await client.PostAsync("/api/score", HttpJson.Body(Offline));

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
        Assert.Equal(2, pacing.ServedInWindow);
    }
}
