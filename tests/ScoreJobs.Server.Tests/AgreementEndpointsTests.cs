using System.Net;
using System.Text.Json;

namespace ScoreJobs.Server;

/// <summary>
/// <c>GET /api/score/agreement</c> over real HTTP. Four jobs scored by exact_match (judge 1, 1, 0, 0) and labelled by
/// two people; every figure below is worked out by hand in the comments.
/// </summary>
public sealed class AgreementEndpointsTests : IClassFixture<AgreementEndpointsTests.Fixture>
{
    private readonly HttpClient _client;

    public AgreementEndpointsTests(Fixture fixture) => _client = fixture.Server.CreateClient();

    private async Task<string> JobAsync(string suite, bool right)
    {
        var body = JsonSerializer.Serialize(new
        {
            question = "首都？", answer = right ? "Paris" : "Lyon", ground_truth = "Paris", metrics = new[] { "exact_match" }, metadata = new { suite },
        });
        var jobId = (await (await _client.PostAsync("/api/score/async", HttpJson.Body(body))).ReadJsonAsync()).GetProperty("job_id").GetString()!;
        await _client.WaitForJobAsync(jobId);
        return jobId;
    }

    private async Task LabelAsync(string jobId, string rater, string body) =>
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsync($"/api/score/jobs/{jobId}/labels/{rater}", HttpJson.Body(body))).StatusCode);

    [Fact]
    public async Task Get_TwoRatersFourJobs_FiguresEqualTheHandComputedOnes()
    {
        var suite = Guid.NewGuid().ToString("N");
        var jobs = new[] { await JobAsync(suite, true), await JobAsync(suite, true), await JobAsync(suite, false), await JobAsync(suite, false) };
        await LabelAsync(jobs[0], "alice", """{"scores":{"exact_match":0.9},"rating":"good"}""");
        await LabelAsync(jobs[0], "bob", """{"scores":{"exact_match":0.9}}""");
        await LabelAsync(jobs[1], "alice", """{"scores":{"exact_match":0.2},"rating":"bad"}""");
        await LabelAsync(jobs[1], "bob", """{"scores":{"exact_match":0.4}}""");
        await LabelAsync(jobs[2], "alice", """{"scores":{"exact_match":0.1}}""");
        await LabelAsync(jobs[2], "bob", """{"scores":{"exact_match":0.2}}""");
        await LabelAsync(jobs[3], "alice", """{"scores":{"exact_match":0.65},"note":"half right"}""");
        await LabelAsync(jobs[3], "carol", """{"note":"no score from carol"}""");

        using var response = await _client.GetAsync($"/api/score/agreement?metric=exact_match&threshold=0.25&tag=suite:{suite}");
        var report = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Pairs (judge, mean of raters): (1, 0.9), (1, 0.3), (0, 0.15), (0, 0.65).
        Assert.Equal("exact_match", report.GetProperty("metric").GetString());
        Assert.Equal(0.25, report.GetProperty("threshold").GetDouble());
        Assert.Equal(4, report.GetProperty("n").GetInt32());
        // Pearson: sxy 0.2 over sqrt(1 * 0.345).
        Assert.Equal(0.340503, report.GetProperty("pearson").GetDouble(), 1e-3);
        // Ranks: judge 3.5, 3.5, 1.5, 1.5 (ties averaged); people 4, 2, 1, 3; rho = 2 / sqrt(4 * 5).
        Assert.Equal(0.447214, report.GetProperty("spearman").GetDouble(), 1e-3);
        Assert.Equal(0.4, report.GetProperty("mean_abs_error").GetDouble(), 1e-3);
        // At 0.25 people pass jobs 1, 2 and 4: tp 2, fp 0, fn 1, tn 1; observed 0.75, chance 0.5, kappa 0.5.
        Assert.Equal(0.5, report.GetProperty("kappa").GetDouble(), 1e-3);
        Assert.Equal(0.75, report.GetProperty("accuracy").GetDouble(), 1e-3);
        var confusion = report.GetProperty("confusion");
        Assert.Equal((2, 0, 1, 1), (confusion.GetProperty("tp").GetInt32(), confusion.GetProperty("fp").GetInt32(), confusion.GetProperty("fn").GetInt32(), confusion.GetProperty("tn").GetInt32()));
        var spearman = report.GetProperty("ci95").GetProperty("spearman");
        Assert.Equal(2, spearman.GetArrayLength());
        Assert.True(spearman[0].GetDouble() <= spearman[1].GetDouble());
        var byJudge = Assert.Single(report.GetProperty("by_judge").EnumerateArray());
        Assert.Equal(4, byJudge.GetProperty("n").GetInt32());
        Assert.Equal(0.447214, byJudge.GetProperty("spearman").GetDouble(), 1e-3);
        Assert.Equal(0.5, byJudge.GetProperty("kappa").GetDouble(), 1e-3);
        // alice and bob share jobs 1-3: alice passes 1, bob 1 and 2: tp 1, fn 1, tn 1; observed 2/3, chance 4/9, kappa 0.4.
        // carol gave no score, so she is no rater of this metric.
        Assert.Equal(2, report.GetProperty("raters").GetProperty("count").GetInt32());
        Assert.Equal(0.4, report.GetProperty("raters").GetProperty("kappa_between_raters").GetDouble(), 1e-3);
        var disagreements = report.GetProperty("disagreements").EnumerateArray().ToList();
        Assert.Equal([jobs[1], jobs[3], jobs[2], jobs[0]], disagreements.Select(d => d.GetProperty("job_id").GetString()));
        Assert.Equal(0.7, disagreements[0].GetProperty("delta").GetDouble(), 1e-3);
        Assert.Equal(-0.65, disagreements[1].GetProperty("delta").GetDouble(), 1e-3);
        Assert.Equal(0.65, disagreements[1].GetProperty("human").GetDouble(), 1e-3);
        using var again = await _client.GetAsync($"/api/score/agreement?metric=exact_match&threshold=0.25&tag=suite:{suite}");
        Assert.Equal(report.GetProperty("ci95").GetRawText(), (await again.ReadJsonAsync()).GetProperty("ci95").GetRawText());
    }

    [Fact]
    public async Task Get_RatingOnAJudgeWithoutVariance_NullNeverZero()
    {
        var suite = Guid.NewGuid().ToString("N");
        var first = await JobAsync(suite, true);
        var second = await JobAsync(suite, true);
        await LabelAsync(first, "alice", """{"rating":"like"}""");
        await LabelAsync(second, "alice", """{"rating":"dislike"}""");

        var report = await (await _client.GetAsync($"/api/score/agreement?metric=rating&tag=suite:{suite}")).ReadJsonAsync();

        // weighted_score 1 and 1 against good = 1, bad = 0: the judge never varies, so no correlation exists.
        Assert.Equal(2, report.GetProperty("n").GetInt32());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("pearson").ValueKind);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("spearman").ValueKind);
        Assert.Equal(0.5, report.GetProperty("mean_abs_error").GetDouble(), 1e-3);
        Assert.Equal(0.5, report.GetProperty("accuracy").GetDouble(), 1e-3);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("raters").GetProperty("kappa_between_raters").ValueKind);
    }

    [Fact]
    public async Task Get_NoLabelledJobs_NIsZeroAndEveryFigureNull()
    {
        var report = await (await _client.GetAsync($"/api/score/agreement?metric=token_f1&tag=suite:{Guid.NewGuid():N}")).ReadJsonAsync();

        Assert.Equal(0, report.GetProperty("n").GetInt32());
        foreach (var figure in new[] { "pearson", "spearman", "mean_abs_error", "kappa", "accuracy" })
        {
            Assert.Equal(JsonValueKind.Null, report.GetProperty(figure).ValueKind);
        }

        Assert.Equal(JsonValueKind.Null, report.GetProperty("ci95").GetProperty("kappa").ValueKind);
        Assert.Empty(report.GetProperty("disagreements").EnumerateArray());
    }

    [Theory]
    [InlineData("", "metric")]
    [InlineData("metric=nonsense", "metric")]
    [InlineData("metric=exact_match&threshold=1.5", "threshold")]
    [InlineData("metric=exact_match&status=done", "status")]
    [InlineData("metric=exact_match&since=yesterday", "since")]
    public async Task Get_BadParameter_400NamingIt(string query, string field)
    {
        using var response = await _client.GetAsync($"/api/score/agreement?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    public sealed class Fixture : IDisposable
    {
        public ServerFactory Server { get; } = new();

        public void Dispose() => Server.Dispose();
    }
}
