using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ScoreFunctions.Hosting;
using ScoreJobs.Testing.Dify;

namespace ScoreFunctions;

/// <summary>The recipes of docs/dify.md and a pandas CSV run, sent as Dify and pandas send them, to the app under a real Functions host.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class DifyRecipesUnderHostTests(FunctionsHostFixture host)
{
    [FunctionsHostFact]
    public async Task Submit_EveryDifyRecipe_TwoCleanContextsWithTheirDocuments()
    {
        using var client = host.CreateClient();

        foreach (var recipe in DifyRecipeRequests.Names)
        {
            using var request = DifyRecipeRequests.Build(recipe, "api/score/async")!;
            using var response = await client.SendAsync(request);

            var body = await ReadJsonAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{recipe}: {body}");
            var job = await ReadJsonAsync(await client.GetAsync($"api/score/jobs/{body.GetProperty("job_id").GetString()}"));
            var stored = job.GetProperty("request");
            Assert.Equal([DifyWorkflow.FirstContent, DifyWorkflow.SecondContent], stored.GetProperty("contexts").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(["退货政策.md", "退款说明.txt"], stored.GetProperty("context_titles").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(DifyWorkflow.Answer(), stored.GetProperty("answer").GetString());
            Assert.False(job.TryGetProperty("warnings", out _), recipe);
        }
    }

    [FunctionsHostFact]
    public async Task Submit_RawTextWithAQuoteInTheAnswer_400NamesContentTypePositionAndCause()
    {
        using var client = host.CreateClient();
        using var request = DifyRecipeRequests.Build("quoted-json raw-text text/plain", "api/score/async", answer: DifyWorkflow.Answer(withDoubleQuote: true))!;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await ReadJsonAsync(response)).GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.StartsWith("is not valid JSON (sent as text/plain): at line 4, column 9, a double quote inside a substituted value", message, StringComparison.Ordinal);
    }

    [FunctionsHostFact]
    public async Task Run_PandasCsv_ListCellsAreReadAsTheirContexts()
    {
        using var client = host.CreateClient();
        var csv = PandasCsv.Write(["user_input", "retrieved_contexts", "response", "reference"],
        [
            [DifyWorkflow.Question, new List<object?> { DifyWorkflow.FirstContent, "It's \"free\"." }, "七天", "七天"],
            ["q2", new List<object?> { "a", "b" }, "a", "a"],
        ]);

        using var response = await client.PostAsync("api/score/runs?name=pandas&metrics=token_f1", new ByteArrayContent(csv) { Headers = { { "Content-Type", "text/csv" } } });

        var body = await ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.GetRawText());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement? first;
        do
        {
            await Task.Delay(100);
            var jobs = await ReadJsonAsync(await client.GetAsync($"api/score/jobs?run_id={body.GetProperty("run_id").GetString()}"));
            first = jobs.GetProperty("jobs").EnumerateArray().Where(j => j.GetProperty("sample_id").GetString() == "1").Cast<JsonElement?>().SingleOrDefault();
        }
        while (first is null && DateTime.UtcNow < deadline);
        Assert.NotNull(first);
        var stored = (await ReadJsonAsync(await client.GetAsync($"api/score/jobs/{first.Value.GetProperty("job_id").GetString()}"))).GetProperty("request");
        Assert.Equal([DifyWorkflow.FirstContent, "It's \"free\"."], stored.GetProperty("contexts").EnumerateArray().Select(c => c.GetString()));
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>())!;
}
