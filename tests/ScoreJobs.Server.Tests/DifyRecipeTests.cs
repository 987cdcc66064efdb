using System.Net;
using System.Text;
using System.Text.Json;
using ScoreJobs.Testing.Dify;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Server;

/// <summary>The recipes of docs/dify.md, rendered and sent as Dify sends them, against the real server.</summary>
public sealed class DifyRecipeTests : IClassFixture<DifyRecipeTests.Fixture>
{
    private readonly HttpClient _client;

    public DifyRecipeTests(Fixture fixture) => _client = fixture.Server.CreateClient();

    public static TheoryData<string> Recipes => [.. DifyRecipeRequests.Names];

    [Theory]
    [MemberData(nameof(Recipes))]
    public async Task Submit_DifyRecipe_TwoCleanContextsWithTheirDocuments(string recipe)
    {
        using var request = DifyRecipeRequests.Build(recipe, "/api/score/async")!;

        using var response = await _client.SendAsync(request);

        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.GetRawText());
        Assert.Equal(0, body.GetProperty("ignored_fields").GetArrayLength());
        var job = await (await _client.GetAsync($"/api/score/jobs/{body.GetProperty("job_id").GetString()}")).ReadJsonAsync();
        var stored = job.GetProperty("request");
        Assert.Equal([DifyWorkflow.FirstContent, DifyWorkflow.SecondContent], stored.GetProperty("contexts").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["退货政策.md", "退款说明.txt"], stored.GetProperty("context_titles").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(DifyWorkflow.Question, stored.GetProperty("question").GetString());
        Assert.Equal(DifyWorkflow.Answer(), stored.GetProperty("answer").GetString());
        Assert.Equal(DifyWorkflow.RunId, stored.GetProperty("metadata").GetProperty("workflow_run_id").GetString());
        Assert.False(job.TryGetProperty("warnings", out var warnings), warnings.ToString());
    }

    [Theory]
    [InlineData("code-node json")]
    [InlineData("form x-www-form-urlencoded")]
    [InlineData("form form-data")]
    public async Task Submit_SafeRecipeWithQuotesAndApostrophes_StillTwoCleanContexts(string recipe)
    {
        var first = "It's \"free\" to return,\n退货免费\\不收费。";
        using var request = DifyRecipeRequests.Build(recipe, "/api/score/async", DifyWorkflow.RetrievalResult(first), DifyWorkflow.Answer(withDoubleQuote: true), "-quotes")!;

        using var response = await _client.SendAsync(request);

        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.GetRawText());
        var job = await (await _client.GetAsync($"/api/score/jobs/{body.GetProperty("job_id").GetString()}")).ReadJsonAsync();
        Assert.Equal([first, DifyWorkflow.SecondContent], job.GetProperty("request").GetProperty("contexts").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(DifyWorkflow.Answer(withDoubleQuote: true), job.GetProperty("request").GetProperty("answer").GetString());
    }

    [Fact]
    public void Render_FragileRecipes_FailInsideDifyAsDocsDifyMdSays()
    {
        var apostrophe = DifyWorkflow.RetrievalResult("It's free to return.");
        var variables = DifyWorkflow.Variables();
        var unquoted = "{\"question\": \"{{#sys.query#}}\", \"contexts\": {{#knowledge_retrieval.result#}}}";

        Assert.Null(DifyRecipeRequests.Build("quoted-json json", "/api/score/async", answer: DifyWorkflow.Answer(withDoubleQuote: true)));
        Assert.Null(DifyRecipeRequests.Build("quoted-json json", "/api/score/async", result: apostrophe));
        Assert.Null(DifyTemplate.JsonBody(DifyTemplate.Render(unquoted, variables)));
        Assert.Null(DifyTemplate.JsonBody(DifyTemplate.Render(unquoted, DifyWorkflow.Variables(result: []))));
    }

    [Fact]
    public async Task Submit_RawTextWithAQuoteInTheAnswer_400NamesContentTypePositionAndCause()
    {
        using var request = DifyRecipeRequests.Build("quoted-json raw-text text/plain", "/api/score/async", answer: DifyWorkflow.Answer(withDoubleQuote: true))!;

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("body").EnumerateArray()).GetString();
        Assert.Equal(
            "is not valid JSON (sent as text/plain): at line 4, column 9, a double quote inside a substituted value (such as the answer) " +
            "ended the JSON string early: build the body in a Code node and send {{#code.payload#}} (docs/dify.md), which renders the value as JSON with its quotes escaped",
            message);
    }

    [Fact]
    public async Task Submit_UnquotedRetrievalResultSentRaw_400SaysSingleQuotes()
    {
        var rendered = DifyTemplate.Render("{\"question\": \"{{#sys.query#}}\", \"contexts\": {{#knowledge_retrieval.result#}}}", DifyWorkflow.Variables());

        using var response = await _client.PostAsync("/api/score/async", DifyTemplate.RawTextBody(rendered, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.StartsWith("is not valid JSON (sent as application/json): at line 1, column 38, single quotes: a Python list", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_RagasNamesAndQuery_AreReadAsOurs()
    {
        using var response = await _client.PostAsync("/api/score/async", HttpJson.Body(
            """{"query":"q?","response":"a","retrieved_contexts":"['c1', 'c2']","reference":"a","metrics":["exact_match"]}"""));

        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.GetRawText());
        var stored = (await (await _client.GetAsync($"/api/score/jobs/{body.GetProperty("job_id").GetString()}")).ReadJsonAsync()).GetProperty("request");
        Assert.Equal(("q?", "a", "a"), (stored.GetProperty("question").GetString(), stored.GetProperty("answer").GetString(), stored.GetProperty("ground_truth").GetString()));
        Assert.Equal(["c1", "c2"], stored.GetProperty("contexts").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Submit_NearMiss_202ListsIgnoredFieldsAndTheRecordWarns()
    {
        using var response = await _client.PostAsync("/api/score/async", HttpJson.Body(
            """{"question":"q?","answer":"a","ground-truth":"a","context":["c"],"metrics":["answer_relevancy"]}"""));

        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.GetRawText());
        Assert.Equal(["ground-truth", "context"], body.GetProperty("ignored_fields").EnumerateArray().Select(f => f.GetString()));
        string[] expected = ["'ground-truth' is not a field and was ignored: did you mean 'ground_truth'?", "'context' is not a field and was ignored: did you mean 'contexts'?"];
        Assert.Equal(expected, body.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        var job = await (await _client.GetAsync($"/api/score/jobs/{body.GetProperty("job_id").GetString()}")).ReadJsonAsync();
        Assert.Equal(expected, job.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public async Task ScoreNow_UnreadableList_AnswersWithTheWarning()
    {
        using var response = await _client.PostAsync("/api/score", HttpJson.Body(
            """{"question":"q?","answer":"a","ground_truth":"a","contexts":"[{'content': 'a'} {'content': 'b'}]","metrics":["exact_match"]}"""));

        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.GetRawText());
        Assert.StartsWith("contexts: the text starts with '['", body.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, body.GetProperty("ignored_fields").GetArrayLength());
    }

    [Fact]
    public async Task Submit_BrokenMultipart_400NamesTheContentType()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("--b\r\nContent-Disposition: form-data; name=\"question\"\r\n\r\nq"));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");

        using var response = await _client.PostAsync("/api/score/async", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("is not a readable multipart/form-data; boundary=b body", (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PandasCsvWithIndexAndBom_ListCellsAreReadAsTheirContexts()
    {
        var csv = PandasCsv.Write(["user_input", "retrieved_contexts", "response", "reference"],
        [
            [DifyWorkflow.Question, new List<object?> { DifyWorkflow.FirstContent, "It's \"free\"." }, "七天", "七天"],
            ["q2", new List<object?> { "a", "b" }, "a", "a"],
        ]);

        using var response = await _client.PostAsync("/api/score/runs?name=pandas&metrics=token_f1", new ByteArrayContent(csv) { Headers = { { "Content-Type", "text/csv" } } });

        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.GetRawText());
        await _client.WaitForRunAsync(body.GetProperty("run_id").GetString()!);
        var jobs = await (await _client.GetAsync($"/api/score/jobs?run_id={body.GetProperty("run_id").GetString()}")).ReadJsonAsync();
        var first = jobs.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("sample_id").GetString() == "1");
        var job = await (await _client.GetAsync($"/api/score/jobs/{first.GetProperty("job_id").GetString()}")).ReadJsonAsync();
        Assert.Equal([DifyWorkflow.FirstContent, "It's \"free\"."], job.GetProperty("request").GetProperty("contexts").EnumerateArray().Select(c => c.GetString()));
        Assert.False(job.TryGetProperty("warnings", out _));
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private FakeOpenAIServer? _judge;

        public ServerFactory Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
            Server = new ServerFactory(new()
            {
                ["ScoreJobs:Judge:Endpoint"] = _judge.Endpoint("v1/").ToString(),
                ["ScoreJobs:Judge:Model"] = "judge-model",
                ["ScoreJobs:Judge:ApiKey"] = "sk-dify-test",
            });
        }

        public async Task DisposeAsync()
        {
            Server.Dispose();
            if (_judge is not null) await _judge.DisposeAsync();
        }
    }
}
