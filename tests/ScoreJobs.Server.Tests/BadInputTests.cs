using System.Net;
using System.Text;

namespace ScoreJobs.Server;

/// <summary>Whatever a client sends, the answer is a 4xx problem, nothing is stored and the server stays up.</summary>
public sealed class BadInputTests : IClassFixture<BadInputTests.Fixture>
{
    private readonly HttpClient _client;
    private readonly ServerFactory _server;

    public BadInputTests(Fixture fixture)
    {
        _server = fixture.Server;
        _client = fixture.Server.CreateClient();
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "{not json", "body" },
        { "", "body" },
        { "[]", "body" },
        { "\"just a string\"", "body" },
        { """{"answer":"a"}""", "question" },
        { """{"question":"   ","answer":"a","ground_truth":"g"}""", "question" },
        { """{"question":42,"answer":"a","ground_truth":"g"}""", "question" },
        { """{"question":"q","answer":"a","ground_truth":"g","metrics":["nope"]}""", "metrics" },
        { """{"question":"q","answer":"a","ground_truth":"g","metrics":["faithfulness"]}""", "metrics" },
        { """{"question":"q","answer":"a","ground_truth":"g","contexts":{"text":"no content"}}""", "contexts" },
        { """{"question":"q","answer":"a","ground_truth":"g","weights":{"token_f1":-1}}""", "weights" },
        { """{"question":"q","answer":"a","ground_truth":"g","metadata":"tags"}""", "metadata" },
        { """{"question":"q","answer":"a","ground_truth":"g","repeats":0}""", "repeats" },
        { """{"question":"q","answer":"a","ground_truth":"g","repeats":6}""", "repeats" },
        { """{"question":"q","answer":"a","ground_truth":"g","repeats":2.5}""", "repeats" },
        { """{"question":"q","answer":"a","ground_truth":"g","repeats":"3"}""", "repeats" },
        { "{\"question\":\"q\",\"metadata\":" + new string('[', 500) + new string(']', 500) + "}", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Submit_BadBody_Is400ProblemNamingTheFieldAndStoresNothing(string body, string field)
    {
        var before = _server.RecordFiles().Length;

        var response = await _client.PostAsync("/api/score/async", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("urn:scorejobs:problem:validation", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        Assert.Equal(before, _server.RecordFiles().Length);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("9")]
    [InlineData("\"two\"")]
    public async Task ScoreNow_RepeatsOutOfRange_Is400ProblemNamingRepeats(string repeats)
    {
        var response = await _client.PostAsync("/api/score",
            new StringContent($$"""{"question":"q","answer":"a","ground_truth":"a","metrics":["exact_match"],"repeats":{{repeats}}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Contains("from 1 to 5", problem.GetProperty("errors").GetProperty("repeats")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_FormWithRepeats_ReadAsANumber()
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["question"] = "q", ["answer"] = "a", ["ground_truth"] = "a", ["metrics"] = "exact_match", ["repeats"] = "3",
        });

        var response = await _client.PostAsync("/api/score/async", form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (await response.ReadJsonAsync()).GetProperty("job_id").GetString();
        var job = await (await _client.GetAsync($"/api/score/jobs/{jobId}")).ReadJsonAsync();
        Assert.Equal(3, job.GetProperty("request").GetProperty("repeats").GetInt32());
    }

    [Fact]
    public async Task Submit_OversizeBody_Is413Problem()
    {
        var huge = "{\"question\":\"q\",\"answer\":\"" + new string('a', 2 * 1024 * 1024) + "\",\"ground_truth\":\"g\"}";

        // As curl sends a large body: it waits for the server's go-ahead, so a 413 given before the body is read is not
        // raced by the client still writing into a connection the server has closed (a broken pipe on a loaded machine).
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/score/async") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("urn:scorejobs:problem:payload-too-large", (await response.ReadJsonAsync()).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("..%2F..")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("DROP%20TABLE")]
    public async Task Get_NotOurId_Is400Problem(string id)
    {
        var response = await _client.GetAsync($"/api/score/jobs/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("%00")]
    [InlineData("%FF%FE")]
    public async Task Get_Junk_Is4xx(string junk)
    {
        var response = await _client.GetAsync("/api/score/jobs/" + string.Concat(Enumerable.Repeat(junk, junk.Length > 10 ? 8 : 1)));

        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Get_WellFormedUnknownId_Is404Problem()
    {
        var response = await _client.GetAsync("/api/score/jobs/" + Records.JobId.New(DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("urn:scorejobs:problem:not-found", (await response.ReadJsonAsync()).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("cursor=bogus", "cursor")]
    [InlineData("status=done", "status")]
    [InlineData("min_score=2", "min_score")]
    [InlineData("since=yesterday", "since")]
    [InlineData("tag=novalue", "tag")]
    public async Task List_BadQuery_Is400NamingTheParameter(string query, string field)
    {
        var response = await _client.GetAsync("/api/score/jobs?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Submit_BadIdempotencyKey_Is400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/score/async")
        {
            Content = new StringContent("""{"question":"q","answer":"a","ground_truth":"g"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 300));

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AfterAllThat_ServerStillServes()
    {
        await _client.PostAsync("/api/score/async", new StringContent("{bad", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/health")).StatusCode);
    }

    public sealed class Fixture : IDisposable
    {
        public ServerFactory Server { get; } = new();

        public void Dispose() => Server.Dispose();
    }
}
