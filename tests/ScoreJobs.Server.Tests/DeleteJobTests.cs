using System.Net;
using System.Text;
using ScoreJobs.Testing;

namespace ScoreJobs.Server;

/// <summary>Deleting a job over real HTTP, on the embedded default.</summary>
public sealed class DeleteJobTests : IDisposable
{
    private readonly ServerFactory _server = new();
    private readonly HttpClient _client;

    public DeleteJobTests() => _client = _server.CreateClient();

    private async Task<string> SubmitAsync(string app)
    {
        using var response = await _client.PostAsync("/api/score/async", new StringContent(
            "{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"a\",\"metrics\":[\"token_f1\"],\"metadata\":{\"app\":\"" + app + "\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("job_id").GetString()!;
    }

    [Fact]
    public async Task Delete_LabelledJob_204_GoneFromGetListStatsAndDisk_ThenA404()
    {
        var app = "delete-" + Guid.NewGuid().ToString("N");
        var kept = await SubmitAsync(app);
        var jobId = await SubmitAsync(app);
        await _client.WaitForJobAsync(jobId);
        using var label = await _client.PutAsync($"/api/score/jobs/{jobId}/labels/alice", new StringContent("{\"rating\":\"good\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, label.StatusCode);

        using var deleted = await _client.DeleteAsync($"/api/score/jobs/{jobId}");
        using var again = await _client.DeleteAsync($"/api/score/jobs/{jobId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/score/jobs/{jobId}")).StatusCode);
        var list = await (await _client.GetAsync($"/api/score/jobs?tag=app:{app}")).ReadJsonAsync();
        Assert.Equal([kept], list.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job_id").GetString()));
        var stats = await (await _client.GetAsync($"/api/score/stats?tag=app:{app}")).ReadJsonAsync();
        Assert.Equal(1, stats.GetProperty("total").GetInt64());
        Assert.DoesNotContain(Directory.EnumerateFiles(_server.JobsDirectory, "*", SearchOption.AllDirectories), f => f.Contains(jobId, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("urn:scorejobs:problem:not-found", (await again.ReadJsonAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Delete_JobOfARun_409NamingTheRun_AndTheJobStays()
    {
        using var submitted = await _client.PostAsync("/api/score/runs?metrics=token_f1",
            new StringContent("{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"a\"}\n", Encoding.UTF8, "application/x-ndjson"));
        var runId = (await submitted.ReadJsonAsync()).GetProperty("run_id").GetString()!;
        await _client.WaitForRunAsync(runId);
        var jobId = (await _client.RunJobsAsync(runId)).Single().GetProperty("job_id").GetString()!;

        using var refused = await _client.DeleteAsync($"/api/score/jobs/{jobId}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.ReadJsonAsync();
        Assert.Equal("urn:scorejobs:problem:job-of-run", problem.GetProperty("type").GetString());
        Assert.Contains(runId, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/score/jobs/{jobId}")).StatusCode);
    }

    [Fact]
    public async Task DeleteRun_202_RunNotFoundAtOnce_ItsJobsAndLabelsGone_ThenA404()
    {
        using var submitted = await _client.PostAsync("/api/score/runs?metrics=token_f1",
            new StringContent("{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"a\"}\n{\"question\":\"q2\",\"answer\":\"b\",\"ground_truth\":\"a\"}\n", Encoding.UTF8, "application/x-ndjson"));
        var runId = (await submitted.ReadJsonAsync()).GetProperty("run_id").GetString()!;
        await _client.WaitForRunAsync(runId);
        var jobId = (await _client.RunJobsAsync(runId))[0].GetProperty("job_id").GetString()!;
        using var label = await _client.PutAsync($"/api/score/jobs/{jobId}/labels/alice", new StringContent("{\"rating\":\"bad\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, label.StatusCode);

        using var deleted = await _client.DeleteAsync($"/api/score/runs/{runId}");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/score/runs/{runId}")).StatusCode);
        var runs = await (await _client.GetAsync("/api/score/runs")).ReadJsonAsync();
        Assert.DoesNotContain(runs.GetProperty("runs").EnumerateArray(), r => r.GetProperty("run_id").GetString() == runId);
        await Poll.UntilAsync(async () => (await _client.RunJobsAsync(runId)).Count == 0, $"the jobs of run {runId} to be deleted");
        await Poll.UntilAsync(() => !Directory.EnumerateFileSystemEntries(_server.JobsDirectory, "*", SearchOption.AllDirectories).Any(f => f.Contains(runId, StringComparison.Ordinal)),
            $"every file of run {runId} to be deleted");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/score/jobs/{jobId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/score/runs/{runId}")).StatusCode);
    }

    [Fact]
    public async Task Delete_MalformedId_400()
    {
        using var response = await _client.DeleteAsync("/api/score/jobs/not-an-id");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
