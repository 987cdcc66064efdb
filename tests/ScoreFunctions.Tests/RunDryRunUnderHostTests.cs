using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ScoreFunctions.Hosting;

namespace ScoreFunctions;

/// <summary>POST /api/score/runs?dry_run=true in the built app under a real Functions host on Azurite, with the fake judge.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class RunDryRunUnderHostTests(FunctionsHostFixture host)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    // Another question and answer each time, so no other test's judge replies are in the shared app's cache (faithfulness's
    // verdict call sees only the answer's claims and the contexts).
    private static string Jsonl(string nonce) => $$"""
        {"id":"paris","question":"What is the capital of France? ({{nonce}})","answer":"Paris is the capital of France ({{nonce}}). It lies on the Seine.","contexts":["Paris is the capital of France.","Paris lies on the Seine."],"ground_truth":"Paris is the capital of France."}
        {"id":"lyon","user_input":"What is Lyon known for? ({{nonce}})","response":"Lyon is known for its food ({{nonce}}).","retrieved_contexts":["Lyon is known for its food."],"reference":"Lyon is known for food."}
        """;

    [FunctionsHostFact]
    public async Task DryRun_JudgeRun_200WithTheEstimateAndNoRunStoredOrJudged()
    {
        using var client = host.CreateClient();
        var runsBefore = await RunIdsAsync(client);
        var judgeCalls = host.Judge.ChatRequestCount;

        using var response = await client.PostAsync("api/score/runs?dry_run=true&metrics=faithfulness,context_precision,token_f1",
            new StringContent(Jsonl(Guid.NewGuid().ToString("N")), Encoding.UTF8, "application/x-ndjson"));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.GetRawText());
        Assert.Equal(2, body.GetProperty("samples").GetInt32());
        var estimate = body.GetProperty("estimate");
        Assert.Equal(2 * 2 + 2 * 1, estimate.GetProperty("judge_calls").GetInt32());
        Assert.True(estimate.GetProperty("prompt_tokens").GetInt64() > 0);
        // This app has no price table: the cost is unknown, and says what to set.
        Assert.Equal(JsonValueKind.Null, estimate.GetProperty("cost").GetProperty("live").ValueKind);
        Assert.Contains("ScoreJobs__Judge__Prices", estimate.GetProperty("cost").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(runsBefore, await RunIdsAsync(client));
        Assert.Equal(judgeCalls, host.Judge.ChatRequestCount);
    }

    [FunctionsHostFact]
    public async Task DryRun_AfterTheSameRunWasScored_ItsCallsAreCachedInTheBlobCache()
    {
        using var client = host.CreateClient();
        var jsonl = Jsonl(Guid.NewGuid().ToString("N"));
        const string query = "api/score/runs?metrics=faithfulness,overall_quality";
        var before = await EstimateAsync(client, query, jsonl);
        using var submitted = await client.PostAsync(query, new StringContent(jsonl, Encoding.UTF8, "application/x-ndjson"));
        var runId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!;
        await ScoreJobs.Testing.Poll.UntilAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"api/score/runs/{runId}")).GetProperty("status").GetString() == "completed",
            $"run {runId} to complete", RunTimeout);

        var after = await EstimateAsync(client, query, jsonl);

        Assert.Equal((6, 0), (before.GetProperty("judge_calls").GetInt32(), before.GetProperty("cached").GetInt32()));
        Assert.Equal((0, 6, 0L), (after.GetProperty("judge_calls").GetInt32(), after.GetProperty("cached").GetInt32(), after.GetProperty("prompt_tokens").GetInt64()));
    }

    [FunctionsHostFact]
    public async Task DryRun_BadSample_TheSame400AsASubmit()
    {
        using var client = host.CreateClient();
        const string bad = "{\"question\":\"q\",\"answer\":\"a\"}\n{\"answer\":\"no question\"}\n";

        using var submitted = await client.PostAsync("api/score/runs?metrics=token_f1", new StringContent(bad, Encoding.UTF8, "application/x-ndjson"));
        using var dry = await client.PostAsync("api/score/runs?metrics=token_f1&dry_run=true", new StringContent(bad, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.BadRequest, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, dry.StatusCode);
        Assert.Equal((await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetRawText(),
            (await dry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetRawText());
    }

    private static async Task<JsonElement> EstimateAsync(HttpClient client, string query, string jsonl)
    {
        using var response = await client.PostAsync(query + "&dry_run=true", new StringContent(jsonl, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("estimate");
    }

    private static async Task<string[]> RunIdsAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("api/score/runs?limit=200")).GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()!)];
}
