using System.Net;
using System.Text.Json;

namespace ScoreJobs.Server;

public sealed class LabelsEndpointsTests : IClassFixture<LabelsEndpointsTests.Fixture>
{
    private const string Job = """
        {"question":"退货政策是什么？","answer":"七天内可以退货","ground_truth":"七天无理由退货","metrics":["token_f1"]}
        """;

    private readonly HttpClient _client;

    public LabelsEndpointsTests(Fixture fixture) => _client = fixture.Server.CreateClient();

    private async Task<string> ScoredJobAsync()
    {
        var submitted = await (await _client.PostAsync("/api/score/async", HttpJson.Body(Job))).ReadJsonAsync();
        var jobId = submitted.GetProperty("job_id").GetString()!;
        await _client.WaitForJobAsync(jobId);
        return jobId;
    }

    [Fact]
    public async Task Put_TwoRatersThenOneAgain_RecordShowsOneLabelEachAndScoresUntouched()
    {
        var jobId = await ScoredJobAsync();
        var before = await (await _client.GetAsync($"/api/score/jobs/{jobId}")).ReadJsonAsync();

        var alice = await _client.PutAsync($"/api/score/jobs/{jobId}/labels/alice@example.com", HttpJson.Body("""{"scores":{"token_f1":0.2},"rating":"dislike"}"""));
        await _client.PutAsync($"/api/score/jobs/{jobId}/labels/bob", HttpJson.Body("""{"rating":"like","note":"答对了"}"""));
        var again = await _client.PutAsync($"/api/score/jobs/{jobId}/labels/alice@example.com", HttpJson.Body("""{"rating":"good"}"""));
        var record = await (await _client.GetAsync($"/api/score/jobs/{jobId}")).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, alice.StatusCode);
        Assert.Equal("bad", (await alice.ReadJsonAsync()).GetProperty("labels")[0].GetProperty("rating").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var labels = record.GetProperty("labels").EnumerateArray().ToDictionary(l => l.GetProperty("rater").GetString()!);
        Assert.Equal(2, labels.Count);
        Assert.Equal("good", labels["alice@example.com"].GetProperty("rating").GetString());
        Assert.Equal(JsonValueKind.Null, labels["alice@example.com"].GetProperty("scores").ValueKind);
        Assert.Equal("答对了", labels["bob"].GetProperty("note").GetString());
        Assert.True(labels["bob"].TryGetProperty("updated_at", out _));
        Assert.Equal(before.GetProperty("scores").GetRawText(), record.GetProperty("scores").GetRawText());
    }

    [Fact]
    public async Task Delete_ALabel_GoneFromTheRecordAnd204EvenWhenAbsent()
    {
        var jobId = await ScoredJobAsync();
        await _client.PutAsync($"/api/score/jobs/{jobId}/labels/carol", HttpJson.Body("""{"rating":"good"}"""));

        var deleted = await _client.DeleteAsync($"/api/score/jobs/{jobId}/labels/carol");
        var again = await _client.DeleteAsync($"/api/score/jobs/{jobId}/labels/carol");
        var record = await (await _client.GetAsync($"/api/score/jobs/{jobId}")).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Empty(record.GetProperty("labels").EnumerateArray());
    }

    [Fact]
    public async Task Put_UnknownJob_404AndBadLabel_400NamingTheField()
    {
        var jobId = await ScoredJobAsync();
        var unknown = "zzzz" + new string('0', 24);

        var missing = await _client.PutAsync($"/api/score/jobs/{unknown}/labels/alice", HttpJson.Body("""{"rating":"good"}"""));
        var missingDelete = await _client.DeleteAsync($"/api/score/jobs/{unknown}/labels/alice");
        var bad = await _client.PutAsync($"/api/score/jobs/{jobId}/labels/alice", HttpJson.Body("""{"scores":{"token_f1":3}}"""));
        var badRater = await _client.PutAsync($"/api/score/jobs/{jobId}/labels/a%20b", HttpJson.Body("""{"rating":"good"}"""));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingDelete.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        Assert.True((await bad.ReadJsonAsync()).GetProperty("errors").TryGetProperty("scores.token_f1", out _));
        Assert.True((await badRater.ReadJsonAsync()).GetProperty("errors").TryGetProperty("rater", out _));
        var record = await (await _client.GetAsync($"/api/score/jobs/{jobId}")).ReadJsonAsync();
        Assert.False(record.TryGetProperty("labels", out var labels) && labels.GetArrayLength() > 0);
    }

    public sealed class Fixture : IDisposable
    {
        public ServerFactory Server { get; } = new();

        public void Dispose() => Server.Dispose();
    }
}
