using System.Net;
using System.Text;
using System.Text.Json;

namespace ScoreJobs.Server;

/// <summary>Labels carried by a dataset's samples: stored under rater <c>dataset</c>, and the run's agreement with them.</summary>
public sealed class DatasetLabelsTests : IClassFixture<DatasetLabelsTests.Fixture>
{
    // exact_match scores 1, 1, 0, 0; the dataset's people said 0.9, 0.3, 0.15, 0.65.
    private const string Jsonl = """
        {"id":"a","question":"Capital?","answer":"Paris","ground_truth":"Paris","labels":{"scores":{"exact_match":0.9},"rating":"good"}}
        {"id":"b","question":"Capital?","answer":"Paris","ground_truth":"Paris","labels":{"scores":{"exact_match":0.3},"rating":"like"}}
        {"id":"c","question":"Capital?","answer":"Lyon","ground_truth":"Paris","labels":{"scores":{"exact_match":0.15},"rating":"bad"}}
        {"id":"d","question":"Capital?","answer":"Lyon","ground_truth":"Paris","labels":{"scores":{"exact_match":0.65}}}
        {"id":"e","question":"Capital?","answer":"Paris","ground_truth":"Paris"}
        """;

    private readonly HttpClient _client;

    public DatasetLabelsTests(Fixture fixture) => _client = fixture.Server.CreateClient();

    private async Task<JsonElement> RunAsync(string body, string type, string query)
    {
        using var response = await _client.PostAsync("/api/score/runs" + query, new StringContent(body, Encoding.UTF8, type));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await _client.WaitForRunAsync((await response.ReadJsonAsync()).GetProperty("run_id").GetString()!);
    }

    [Fact]
    public async Task Jsonl_LabelledSamples_RunCarriesAgreementAndJobsTheDatasetLabel()
    {
        var run = await RunAsync(Jsonl, "application/x-ndjson", "?metrics=exact_match&threshold=exact_match:0.25");

        // Ranks 3.5, 3.5, 1.5, 1.5 against 4, 2, 1, 3: rho 2 / sqrt(20). At 0.25: tp 2, fn 1, tn 1, kappa 0.5.
        var exact = run.GetProperty("agreement").GetProperty("exact_match");
        Assert.Equal(4, exact.GetProperty("n").GetInt32());
        Assert.Equal(0.447214, exact.GetProperty("spearman").GetDouble(), 1e-3);
        Assert.Equal(0.5, exact.GetProperty("kappa").GetDouble(), 1e-3);
        // Ratings good, good, bad against weighted scores 1, 1, 0: perfectly ranked, kappa 1.
        var rating = run.GetProperty("agreement").GetProperty("rating");
        Assert.Equal(3, rating.GetProperty("n").GetInt32());
        Assert.Equal(1.0, rating.GetProperty("spearman").GetDouble(), 1e-3);
        Assert.Equal(1.0, rating.GetProperty("kappa").GetDouble(), 1e-3);
        var jobs = await _client.RunJobsAsync(run.GetProperty("run_id").GetString()!);
        var first = await (await _client.GetAsync($"/api/score/jobs/{jobs.Single(j => j.GetProperty("sample_id").GetString() == "b").GetProperty("job_id").GetString()}")).ReadJsonAsync();
        var label = Assert.Single(first.GetProperty("labels").EnumerateArray());
        Assert.Equal("dataset", label.GetProperty("rater").GetString());
        Assert.Equal("good", label.GetProperty("rating").GetString());
        var unlabelled = await (await _client.GetAsync($"/api/score/jobs/{jobs.Single(j => j.GetProperty("sample_id").GetString() == "e").GetProperty("job_id").GetString()}")).ReadJsonAsync();
        Assert.Empty(unlabelled.GetProperty("labels").EnumerateArray());
    }

    [Fact]
    public async Task Csv_LabelColumns_ReadAsTheSamplesLabels()
    {
        const string csv = "id,question,answer,ground_truth,label.exact_match,label.rating\n1,Capital?,Paris,Paris,0.8,good\n2,Capital?,Lyon,Paris,0.1,dislike\n3,Capital?,Lyon,Paris,,\n";

        var run = await RunAsync(csv, "text/csv", "?metrics=exact_match");

        var exact = run.GetProperty("agreement").GetProperty("exact_match");
        Assert.Equal(2, exact.GetProperty("n").GetInt32());
        Assert.Equal(1.0, exact.GetProperty("spearman").GetDouble(), 1e-3);
        Assert.Equal(2, run.GetProperty("agreement").GetProperty("rating").GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Run_WithoutLabels_HasNoAgreement()
    {
        var run = await RunAsync("""{"question":"Capital?","answer":"Paris","ground_truth":"Paris"}""", "application/x-ndjson", "?metrics=exact_match");

        Assert.False(run.TryGetProperty("agreement", out _));
    }

    [Theory]
    [InlineData("application/x-ndjson", "{\"question\":\"q\",\"answer\":\"a\",\"labels\":{\"scores\":{\"exact_match\":2}}}", "line 1.labels.scores.exact_match")]
    [InlineData("application/x-ndjson", "{\"question\":\"q\",\"answer\":\"a\",\"labels\":{\"rating\":\"meh\"}}", "line 1.labels.rating")]
    [InlineData("application/x-ndjson", "{\"question\":\"q\",\"answer\":\"a\",\"labels\":\"good\"}", "line 1.labels")]
    [InlineData("application/x-ndjson", "{\"question\":\"q\",\"answer\":\"a\",\"labels\":{\"scores\":{\"faithfulness\":0.5}}}", "line 1.labels.scores.faithfulness")]
    [InlineData("text/csv", "question,answer,label.exact_match\nq,a,lots\n", "row 2.labels.scores.exact_match")]
    public async Task Submit_BadLabel_400NamingTheSampleAndField(string type, string body, string field)
    {
        using var response = await _client.PostAsync("/api/score/runs?metrics=exact_match", new StringContent(body, Encoding.UTF8, type));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.GetRawText());
    }

    public sealed class Fixture : IDisposable
    {
        public ServerFactory Server { get; } = new();

        public void Dispose() => Server.Dispose();
    }
}
