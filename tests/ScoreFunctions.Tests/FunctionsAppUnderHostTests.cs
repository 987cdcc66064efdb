using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ScoreFunctions.Hosting;
using ScoreJobs.Testing;
using StandardWebhooks;

namespace ScoreFunctions;

/// <summary>
/// The built app under a real Functions host on Azurite, driven over HTTP as a client (a Dify HTTP Request node)
/// drives it: the host's key check, the HTTP functions, the queue trigger scoring with the judge, and poison.
/// </summary>
[Collection(FunctionsHostCollection.Name)]
public sealed partial class FunctionsAppUnderHostTests(FunctionsHostFixture host)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    private const string RagRequest = """
        {"question":"What is the capital of France?",
         "answer":"Paris is the capital of France. It lies on the Seine.",
         "contexts":["Paris is the capital of France.","Lyon is known for its food.","Paris lies on the Seine."],
         "ground_truth":"Paris is the capital of France.",
         "metrics":["faithfulness","overall_quality","exact_match","token_f1"],
         "metadata":{"app":"functions-test"}}
        """;

    [FunctionsHostFact]
    public async Task Health_WithoutKeyOrToken_200LivenessOnly()
    {
        using var client = host.CreateClient(functionKey: false, apiToken: false);

        using var response = await client.GetAsync("api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await ReadJsonAsync(response);
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(["status", "version", "auth_required"], health.EnumerateObject().Select(p => p.Name));
    }

    [FunctionsHostFact]
    public async Task Health_WithTheToken_DescribesAzureStorageAndTheJudge()
    {
        using var client = host.CreateClient(functionKey: false, apiToken: true);

        using var response = await client.GetAsync("api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await ReadJsonAsync(response);
        Assert.Equal("azure-blob", health.GetProperty("storage").GetString());
        Assert.Equal("azure-storage-queue", health.GetProperty("queue").GetString());
        Assert.True(health.GetProperty("judge").GetProperty("configured").GetBoolean());
        Assert.DoesNotContain("sk-functions-test-secret", health.GetRawText(), StringComparison.Ordinal);
    }

    [FunctionsHostFact]
    public async Task Cors_NoOriginConfiguredOnTheHost_AllowsNoOtherOrigin()
    {
        using var client = host.CreateClient();
        using var get = new HttpRequestMessage(HttpMethod.Get, "api/score/jobs");
        get.Headers.Add("Origin", "https://evil.example");

        using var response = await client.SendAsync(get);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [FunctionsHostFact]
    public async Task Ready_WithoutKeyOrToken_200StorageQueueJudgeAndListenersOk()
    {
        using var client = host.CreateClient(functionKey: false, apiToken: false);

        using var response = await client.GetAsync("api/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ready = await ReadJsonAsync(response);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        foreach (var check in new[] { "storage", "queue", "judge", "listeners" })
        {
            Assert.Equal("ok", ready.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
        }

        Assert.Equal("azure-storage-queue", ready.GetProperty("checks").GetProperty("queue").GetProperty("kind").GetString());
    }

    [FunctionsHostFact]
    public async Task OpenApi_WithoutKeyOrToken_200ItsOperationsAreThisAppsFunctionsAndServersThisHost()
    {
        using var client = host.CreateClient(functionKey: false, apiToken: false);

        using var response = await client.GetAsync("api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await ReadJsonAsync(response);
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var server = Assert.Single(document.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString()!;
        Assert.Equal(client.BaseAddress!.GetLeftPart(UriPartial.Authority), server);
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Value.GetProperty("operationId").GetString()} {op.Name.ToUpperInvariant()} {RouteParameter().Replace(path.Name, "{}")}"))
            .Order();
        Assert.Equal(HttpFunctionRoutes().Where(r => !r.StartsWith("OpenApiDocument ", StringComparison.Ordinal)).Order(), operations);
    }

    [FunctionsHostFact]
    public async Task Submit_WithCallbackUrl_TheQueueTriggerDeliversTheSignedCallback()
    {
        await using var receiver = await CallbackReceiver.StartAsync(503);
        using var client = host.CreateClient();

        using var response = await client.PostAsync("api/score/async", Json($$"""{"question":"q?","answer":"Paris","ground_truth":"Paris","metrics":["exact_match"],"callback_url":"{{receiver.Url}}"}"""));
        var jobId = (await ReadJsonAsync(response)).GetProperty("job_id").GetString()!;

        // The first attempt gets a 503; its retry comes back through the Storage queue ~30 s later, so only the first is awaited here.
        var received = Assert.Single(await receiver.WaitForAsync(1, JobTimeout));
        new StandardWebhook(FunctionsHostFixture.CallbackSecret).Verify(received.Body, received.Headers);
        Assert.Contains(jobId, received.Body, StringComparison.Ordinal);
        var deadline = DateTime.UtcNow + JobTimeout;
        JsonElement callback;
        do
        {
            await Task.Delay(100);
            callback = (await ReadJsonAsync(await client.GetAsync($"api/score/jobs/{jobId}"))).GetProperty("callback");
        }
        while (callback.GetProperty("attempts").GetArrayLength() == 0 && DateTime.UtcNow < deadline);
        Assert.Equal("pending", callback.GetProperty("status").GetString());
        Assert.Equal(503, callback.GetProperty("attempts")[0].GetProperty("status_code").GetInt32());
        Assert.Equal(JsonValueKind.String, callback.GetProperty("next_attempt_at").ValueKind);
    }

    [FunctionsHostFact]
    public async Task Submit_WithoutFunctionKey_401FromTheHost()
    {
        Assert.True(host.EnforcesKeys, $"{host.HostDescription} does not check function keys; this test needs one that does");
        using var client = host.CreateClient(functionKey: false);

        using var response = await client.PostAsync("api/score/async", Json(RagRequest));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [FunctionsHostFact]
    public async Task Submit_WithKeyWithoutApiToken_401Problem()
    {
        using var client = host.CreateClient(apiToken: false);

        using var response = await client.PostAsync("api/score/async", Json(RagRequest));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [FunctionsHostFact]
    public async Task Submit_WithKey_202ThenTheQueueTriggerScoresTheJobWithTheJudge()
    {
        using var client = host.CreateClient();

        using var response = await client.PostAsync("api/score/async", Json(RagRequest));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (await ReadJsonAsync(response)).GetProperty("job_id").GetString()!;
        Assert.Equal($"/api/score/jobs/{jobId}", response.Headers.Location?.OriginalString);
        var job = await WaitForJobAsync(client, jobId);
        Assert.Equal("completed", job.GetProperty("status").GetString());
        var scores = job.GetProperty("scores");
        foreach (var metric in new[] { "faithfulness", "overall_quality", "exact_match", "token_f1" })
        {
            Assert.Equal(JsonValueKind.Number, scores.GetProperty(metric).ValueKind);
        }

        Assert.Equal(FunctionsHostFixture.JudgeModel, job.GetProperty("details").GetProperty("faithfulness").GetProperty("model").GetString());
        Assert.Contains(host.Judge.Requests, r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
    }

    [FunctionsHostFact]
    public async Task ListAndGet_AfterTheJobCompleted_ReturnIt()
    {
        using var client = host.CreateClient();
        using var submitted = await client.PostAsync("api/score/async", Json("""{"question":"q?","answer":"Paris","ground_truth":"Paris","metrics":["exact_match"]}"""));
        var jobId = (await ReadJsonAsync(submitted)).GetProperty("job_id").GetString()!;
        await WaitForJobAsync(client, jobId);

        using var list = await client.GetAsync("api/score/jobs?status=completed&limit=500");
        using var get = await client.GetAsync($"api/score/jobs/{jobId}");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains((await ReadJsonAsync(list)).GetProperty("jobs").EnumerateArray(), j => j.GetProperty("job_id").GetString() == jobId);
        var job = await ReadJsonAsync(get);
        Assert.Equal(1.0, job.GetProperty("scores").GetProperty("exact_match").GetDouble());
        Assert.Equal(1.0, job.GetProperty("weighted_score").GetDouble());
    }

    [FunctionsHostFact]
    public async Task Labels_PutShownOnTheRecordDeleteRemovesIt_UnknownJob404()
    {
        using var client = host.CreateClient();
        using var submitted = await client.PostAsync("api/score/async", Json("""{"question":"q?","answer":"Paris","ground_truth":"Paris","metrics":["exact_match"]}"""));
        var jobId = (await ReadJsonAsync(submitted)).GetProperty("job_id").GetString()!;
        await WaitForJobAsync(client, jobId);

        using var put = await client.PutAsync($"api/score/jobs/{jobId}/labels/reviewer-1", Json("""{"scores":{"exact_match":1},"rating":"like"}"""));
        var labelled = await ReadJsonAsync(await client.GetAsync($"api/score/jobs/{jobId}"));
        using var delete = await client.DeleteAsync($"api/score/jobs/{jobId}/labels/reviewer-1");
        var unlabelled = await ReadJsonAsync(await client.GetAsync($"api/score/jobs/{jobId}"));
        using var unknown = await client.PutAsync("api/score/jobs/zzzzzzzzzzzzzzzzzzzzzzzzzzzz/labels/reviewer-1", Json("""{"rating":"bad"}"""));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var label = Assert.Single(labelled.GetProperty("labels").EnumerateArray());
        Assert.Equal("good", label.GetProperty("rating").GetString());
        Assert.Equal(1.0, label.GetProperty("scores").GetProperty("exact_match").GetDouble());
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty(unlabelled.GetProperty("labels").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [FunctionsHostFact]
    public async Task Delete_LabelledJob_204_GoneFromGetListAndStats_ThenA404()
    {
        using var client = host.CreateClient();
        var app = "delete-" + Guid.NewGuid().ToString("N");
        using var submitted = await client.PostAsync("api/score/async", Json($$$"""{"question":"q?","answer":"Paris","ground_truth":"Paris","metrics":["exact_match"],"metadata":{"app":"{{{app}}}"}}"""));
        var jobId = (await ReadJsonAsync(submitted)).GetProperty("job_id").GetString()!;
        await WaitForJobAsync(client, jobId);
        using var put = await client.PutAsync($"api/score/jobs/{jobId}/labels/reviewer-1", Json("""{"rating":"like"}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var deleted = await client.DeleteAsync($"api/score/jobs/{jobId}");
        using var again = await client.DeleteAsync($"api/score/jobs/{jobId}");
        using var relabel = await client.PutAsync($"api/score/jobs/{jobId}/labels/reviewer-1", Json("""{"rating":"bad"}"""));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/score/jobs/{jobId}")).StatusCode);
        Assert.Empty((await ReadJsonAsync(await client.GetAsync($"api/score/jobs?tag=app:{app}"))).GetProperty("jobs").EnumerateArray());
        Assert.Equal(0, (await ReadJsonAsync(await client.GetAsync($"api/score/stats?tag=app:{app}"))).GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, relabel.StatusCode);
    }

    [FunctionsHostFact]
    public async Task Agreement_FourLabelledJobs_FiguresEqualTheHandComputedOnesAndABadThresholdIs400()
    {
        using var client = host.CreateClient();
        var suite = Guid.NewGuid().ToString("N");
        var jobs = new List<string>();
        foreach (var answer in new[] { "Paris", "Paris", "Lyon", "Lyon" })
        {
            using var submitted = await client.PostAsync("api/score/async", Json(
                $$"""{"question":"q?","answer":"{{answer}}","ground_truth":"Paris","metrics":["exact_match"],"metadata":{"suite":"{{suite}}"} }"""));
            jobs.Add((await ReadJsonAsync(submitted)).GetProperty("job_id").GetString()!);
        }

        foreach (var (jobId, human) in jobs.Zip(new[] { "0.9", "0.2", "0.1", "0.65" }))
        {
            await WaitForJobAsync(client, jobId);
            using var put = await client.PutAsync($"api/score/jobs/{jobId}/labels/reviewer-1", Json($$"""{"scores": {"exact_match": {{human}} } }"""));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var response = await client.GetAsync($"api/score/agreement?metric=exact_match&threshold=0.15&tag=suite:{suite}");
        using var bad = await client.GetAsync("api/score/agreement?metric=exact_match&threshold=high");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await ReadJsonAsync(response);
        // Pairs (1, 0.9), (1, 0.2), (0, 0.1), (0, 0.65): ranks 3.5, 3.5, 1.5, 1.5 against 4, 2, 1, 3, rho = 2 / sqrt(20);
        // at 0.15 people pass jobs 1, 2 and 4 (tp 2, fn 1, tn 1), kappa (0.75 - 0.5) / 0.5.
        Assert.Equal(4, report.GetProperty("n").GetInt32());
        Assert.Equal(0.447214, report.GetProperty("spearman").GetDouble(), 1e-3);
        Assert.Equal(0.5, report.GetProperty("kappa").GetDouble(), 1e-3);
        Assert.Equal(0.4125, report.GetProperty("mean_abs_error").GetDouble(), 1e-3);
        Assert.Equal(jobs[1], report.GetProperty("disagreements")[0].GetProperty("job_id").GetString());
        Assert.Equal(1, report.GetProperty("raters").GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await ReadJsonAsync(bad)).GetProperty("errors").TryGetProperty("threshold", out _));
    }

    [FunctionsHostFact]
    public async Task ListAndStats_Source_LiveJobInLiveOnlyAndABadSourceIs400()
    {
        using var client = host.CreateClient();
        using var submitted = await client.PostAsync("api/score/async", Json("""{"question":"live?","answer":"Paris","ground_truth":"Paris","metrics":["exact_match"]}"""));
        var jobId = (await ReadJsonAsync(submitted)).GetProperty("job_id").GetString()!;
        await WaitForJobAsync(client, jobId);

        using var live = await client.GetAsync("api/score/jobs?source=live&limit=500");
        using var runs = await client.GetAsync("api/score/jobs?source=run&limit=500");
        using var stats = await client.GetAsync("api/score/stats?source=live");
        using var bad = await client.GetAsync("api/score/stats?source=both");

        var liveJobs = (await ReadJsonAsync(live)).GetProperty("jobs").EnumerateArray().ToList();
        Assert.Contains(liveJobs, j => j.GetProperty("job_id").GetString() == jobId);
        Assert.DoesNotContain((await ReadJsonAsync(runs)).GetProperty("jobs").EnumerateArray(), j => j.GetProperty("job_id").GetString() == jobId);
        Assert.InRange((await ReadJsonAsync(stats)).GetProperty("total").GetInt64(), liveJobs.Count, long.MaxValue); // other tests may add jobs meanwhile
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await ReadJsonAsync(bad)).GetProperty("errors").TryGetProperty("source", out _));
    }

    [FunctionsHostFact]
    public async Task Submit_SameIdempotencyKeyTwice_SameJob()
    {
        using var client = host.CreateClient();
        var body = """{"question":"idempotent?","answer":"yes","ground_truth":"yes","metrics":["exact_match"]}""";
        var key = Guid.NewGuid().ToString("N");

        var first = await SubmitWithKeyAsync(client, body, key);
        var second = await SubmitWithKeyAsync(client, body, key);

        Assert.Equal(first, second);
    }

    [FunctionsHostFact]
    public async Task Submit_BadInput_400ProblemNamingTheField()
    {
        using var client = host.CreateClient();

        using var response = await client.PostAsync("api/score/async", Json("""{"question":"  ","metrics":["no_such_metric"]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await ReadJsonAsync(response)).GetProperty("errors").TryGetProperty("question", out _));
    }

    [FunctionsHostFact]
    public async Task Repeats_OutOfRange_400ProblemNamingRepeatsOnTheJobTheSyncScoreAndTheRun()
    {
        using var client = host.CreateClient();
        const string body = """{"question":"q","answer":"a","ground_truth":"a","metrics":["exact_match"],"repeats":6}""";

        using var job = await client.PostAsync("api/score/async", Json(body));
        using var now = await client.PostAsync("api/score", Json(body));
        using var run = await client.PostAsync("api/score/runs?metrics=exact_match&repeats=0",
            new StringContent("{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"a\"}\n", System.Text.Encoding.UTF8, "application/x-ndjson"));

        foreach (var response in new[] { job, now, run })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await ReadJsonAsync(response)).GetProperty("errors").TryGetProperty("repeats", out _));
        }
    }

    [FunctionsHostFact]
    public async Task Get_UnknownJob_404Problem()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync("api/score/jobs/zzzzzzzzzzzzzzzzzzzzzzzzzzzz");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [FunctionsHostFact]
    public async Task ScoreNowAndMetrics_WithKey_ScoreSynchronouslyAndListTheJudgeMetrics()
    {
        using var client = host.CreateClient();

        using var scored = await client.PostAsync("api/score", Json("""{"question":"q?","answer":"Paris","ground_truth":"Paris","metrics":["exact_match","token_f1"]}"""));
        using var metrics = await client.GetAsync("api/score/metrics");

        Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
        Assert.Equal(1.0, (await ReadJsonAsync(scored)).GetProperty("scores").GetProperty("token_f1").GetDouble());
        var available = (await ReadJsonAsync(metrics)).GetProperty("metrics").EnumerateArray()
            .Where(m => m.GetProperty("available").GetBoolean()).Select(m => m.GetProperty("name").GetString()).ToList();
        Assert.Contains("faithfulness", available);
        Assert.Contains("exact_match", available);
    }

    [FunctionsHostFact]
    public async Task QueueMessage_NotAJob_EndsInThePoisonQueue()
    {
        var text = $"not a job {Guid.NewGuid():N}";
        var queue = host.Queues.GetQueueClient(FunctionsHostFixture.Queue);
        var poison = host.Queues.GetQueueClient($"{FunctionsHostFixture.Queue}-poison");
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync(text);

        var deadline = DateTime.UtcNow + JobTimeout;
        while (true)
        {
            if ((await poison.ExistsAsync()).Value)
            {
                var messages = (await poison.PeekMessagesAsync(32)).Value;
                if (messages.Any(m => m.Body.ToString() == text)) return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"'{text}' did not reach {poison.Name}. Host log:\n{host.LogTail}");
            await Task.Delay(200);
        }
    }

    private async Task<JsonElement> WaitForJobAsync(HttpClient client, string jobId)
    {
        var deadline = DateTime.UtcNow + JobTimeout;
        while (true)
        {
            using var response = await client.GetAsync($"api/score/jobs/{jobId}");
            var job = await ReadJsonAsync(response);
            var status = job.GetProperty("status").GetString();
            if (status is "completed" or "failed") return job;
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} still {status} after {JobTimeout.TotalSeconds} s. Host log:\n{host.LogTail}");
            await Task.Delay(100);
        }
    }

    private static async Task<string> SubmitWithKeyAsync(HttpClient client, string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/score/async") { Content = Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("job_id").GetString()!;
    }

    [FunctionsHostFact]
    public async Task Run_Jsonl_TheRunsLaneTriggerScoresEverySampleWithTheJudge_AndComparesWithItself()
    {
        using var client = host.CreateClient();
        const string jsonl = """
            {"id":"paris","question":"What is the capital of France?","answer":"Paris is the capital of France.","contexts":["Paris is the capital of France."],"ground_truth":"Paris is the capital of France."}
            {"id":"lyon","user_input":"What is Lyon known for?","response":"Lyon is known for its food.","retrieved_contexts":["Lyon is known for its food."],"reference":"Lyon is known for food."}
            """;

        using var response = await client.PostAsync("api/score/runs?name=functions&metrics=faithfulness,token_f1&threshold=token_f1:0.5",
            new StringContent(jsonl, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var runId = (await ReadJsonAsync(response)).GetProperty("run_id").GetString()!;
        Assert.Equal($"/api/score/runs/{runId}", response.Headers.Location?.OriginalString);
        JsonElement run;
        var deadline = DateTime.UtcNow + JobTimeout;
        do
        {
            await Task.Delay(200);
            run = await ReadJsonAsync(await client.GetAsync($"api/score/runs/{runId}"));
        }
        while (run.GetProperty("status").GetString() is "queued" or "running" && DateTime.UtcNow < deadline);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("counts").GetProperty("completed").GetInt64());
        Assert.Equal(2, run.GetProperty("aggregates").GetProperty("faithfulness").GetProperty("n").GetInt64());
        Assert.True(run.GetProperty("passed").GetBoolean());
        Assert.True(run.GetProperty("usage").GetProperty("judge_calls").GetInt32() > 0);
        var jobs = await ReadJsonAsync(await client.GetAsync($"api/score/jobs?run_id={runId}"));
        Assert.Equal(["lyon", "paris"], jobs.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("sample_id").GetString()).Order(StringComparer.Ordinal));
        var comparison = await ReadJsonAsync(await client.GetAsync($"api/score/runs/{runId}/compare/{runId}"));
        Assert.Equal(0, comparison.GetProperty("metrics").GetProperty("token_f1").GetProperty("delta").GetDouble());
        Assert.Empty(comparison.GetProperty("regressions").EnumerateArray());
    }

    [FunctionsHostFact]
    public async Task DeleteRun_202_NotFoundAtOnce_TheRunsLaneDeletesItsJobs()
    {
        using var client = host.CreateClient();
        using var submitted = await client.PostAsync("api/score/runs?metrics=token_f1",
            new StringContent("{\"question\":\"q\",\"answer\":\"a\",\"ground_truth\":\"a\"}\n{\"question\":\"q2\",\"answer\":\"b\",\"ground_truth\":\"a\"}\n", Encoding.UTF8, "application/x-ndjson"));
        var runId = (await ReadJsonAsync(submitted)).GetProperty("run_id").GetString()!;
        await ScoreJobs.Testing.Poll.UntilAsync(async () => (await ReadJsonAsync(await client.GetAsync($"api/score/runs/{runId}"))).GetProperty("status").GetString() == "completed",
            $"run {runId} to complete", JobTimeout);

        using var deleted = await client.DeleteAsync($"api/score/runs/{runId}");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/score/runs/{runId}")).StatusCode);
        await ScoreJobs.Testing.Poll.UntilAsync(async () => (await ReadJsonAsync(await client.GetAsync($"api/score/jobs?run_id={runId}"))).GetProperty("jobs").GetArrayLength() == 0,
            $"the jobs of run {runId} to be deleted", JobTimeout);
        // A DELETE while the deletion goes on queues it once more: ask every half second, not at the poll's pace.
        var deadline = DateTime.UtcNow + JobTimeout;
        HttpStatusCode again;
        do
        {
            await Task.Delay(500);
            again = (await client.DeleteAsync($"api/score/runs/{runId}")).StatusCode;
        }
        while (again == HttpStatusCode.Accepted && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.NotFound, again);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    // "Name METHOD /api/route" of each HTTP function, as functions.metadata declares it to the host.
    private static IEnumerable<string> HttpFunctionRoutes() =>
        FunctionsAppOutput.ReadJson("functions.metadata").EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m =>
                    $"{f.GetProperty("name").GetString()} {m.GetString()!.ToUpperInvariant()} {RouteParameter().Replace("/api/" + b.GetProperty("route").GetString(), "{}")}")));

    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^}]+\}")]
    private static partial System.Text.RegularExpressions.Regex RouteParameter();
}
