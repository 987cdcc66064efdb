using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;
using ScoreJobs.Testing.FakeJudge;
using Xunit.Abstractions;

namespace ScoreJobs.Server;

/// <summary>POST /api/score/runs?dry_run=true on the server: real HTTP, the fake judge on loopback, the embedded default storage.</summary>
public sealed class RunDryRunTests(ITestOutputHelper output)
{
    private const string Jsonl = """
        {"id":"paris","question":"What is the capital of France?","answer":"Paris is the capital of France. It lies on the Seine.","contexts":["Paris is the capital of France.","Lyon is known for its food.","Paris lies on the Seine."],"ground_truth":"Paris is the capital of France."}
        {"id":"rag","question":"What is RAG?","answer":"Retrieval augmented generation retrieves passages, then generates an answer from them.","contexts":["RAG retrieves then generates.","Vector stores hold embeddings."],"ground_truth":"RAG retrieves documents and generates an answer grounded in them."}
        {"id":"zh","question":"什么是检索增强生成？","answer":"检索增强生成是一种结合检索和生成的方法。它先检索再生成。","contexts":["检索增强生成结合了检索和生成"],"ground_truth":"检索增强生成是一种结合检索与生成的方法"}
        """;

    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    [Fact]
    public async Task DryRun_JudgeMetrics_200WithTheEstimateAndNothingStored()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateSut(judge);
        var client = server.CreateClient();
        await client.GetAsync("/api/health/ready");
        var before = Files(server.JobsDirectory);

        var response = await client.PostAsync("/api/score/runs?dry_run=true&metrics=faithfulness,context_precision,token_f1", Content(Jsonl));
        var after = Files(server.JobsDirectory);

        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.GetRawText());
        Assert.Equal(3, body.GetProperty("samples").GetInt32());
        Assert.Equal(["faithfulness", "context_precision", "token_f1"], body.GetProperty("metrics").EnumerateArray().Select(m => m.GetString()));
        var estimate = body.GetProperty("estimate");
        Assert.Equal(3 * 2 + 3 * 1, estimate.GetProperty("judge_calls").GetInt32());
        Assert.True(estimate.GetProperty("prompt_tokens").GetInt64() > 0);
        Assert.True(estimate.GetProperty("completion_tokens").GetInt64() > 0);
        Assert.Equal(0, estimate.GetProperty("cached").GetInt32());
        Assert.True(estimate.GetProperty("cost").GetProperty("live").GetDouble() > 0);
        Assert.True(estimate.GetProperty("cost").GetProperty("batch").GetDouble() < estimate.GetProperty("cost").GetProperty("live").GetDouble());
        Assert.False(estimate.GetProperty("by_metric").TryGetProperty("token_f1", out _));
        Assert.False(response.Headers.Contains("Location"));

        Assert.Empty((await (await client.GetAsync("/api/score/runs")).ReadJsonAsync()).GetProperty("runs").EnumerateArray());
        Assert.Empty((await (await client.GetAsync("/api/score/jobs")).ReadJsonAsync()).GetProperty("jobs").EnumerateArray());
        Assert.Equal(before, after);
        Assert.Equal(0, judge.ChatRequestCount);
    }

    [Theory]
    [InlineData("application/x-ndjson", "?metrics=token_f1", "{\"question\":\"q\",\"answer\":\"a\"}\n{\"answer\":\"no question\"}\n")]
    [InlineData("application/x-ndjson", "?metrics=token_f1&threshold=faithfulness:0.8", "{\"question\":\"q\",\"answer\":\"a\"}\n")]
    [InlineData("application/x-ndjson", "?metrics=no_such_metric", "{\"question\":\"q\",\"answer\":\"a\"}\n")]
    [InlineData("text/plain", "", "question,answer\nq,a\n")]
    public async Task DryRun_BadInput_TheSame400AsASubmit(string contentType, string query, string body)
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateSut(judge);
        var client = server.CreateClient();

        var submitted = await client.PostAsync("/api/score/runs" + query, new StringContent(body, Encoding.UTF8, contentType));
        var dry = await client.PostAsync("/api/score/runs" + (query.Length == 0 ? "?" : query + "&") + "dry_run=true", new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, dry.StatusCode);
        var expected = await submitted.ReadJsonAsync();
        var actual = await dry.ReadJsonAsync();
        Assert.Equal(expected.GetProperty("errors").GetRawText(), actual.GetProperty("errors").GetRawText());
        Assert.Equal(expected.GetProperty("type").GetString(), actual.GetProperty("type").GetString());
    }

    [Fact]
    public async Task DryRun_NotABoolean_400NamingDryRun()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateSut(judge);

        var response = await server.CreateClient().PostAsync("/api/score/runs?dry_run=maybe&metrics=token_f1", Content("{\"question\":\"q\",\"answer\":\"a\"}\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("dry_run", out _));
    }

    [Fact]
    public async Task DryRun_WithAnIdempotencyKey_ClaimsNoKey()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateSut(judge);
        var client = server.CreateClient();
        HttpRequestMessage Request(string query, string answer) => new(HttpMethod.Post, "/api/score/runs?metrics=token_f1" + query)
        {
            Content = Content($"{{\"question\":\"q\",\"answer\":\"{answer}\",\"ground_truth\":\"a\"}}\n"),
            Headers = { { "Idempotency-Key", "nightly-7" } },
        };

        var dry = await client.SendAsync(Request("&dry_run=true", "first"));
        var real = await client.SendAsync(Request("", "second"));

        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, real.StatusCode); // not 422: the dry run left the key unused
        Assert.False(real.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task DryRun_ThenTheSameRun_EstimateMatchesTheMeasuredUsageAndARepeatIsCached()
    {
        // The fake judge reports real usage: the o200k tokens of what it was sent (as OpenAI's cookbook counts a chat) and of its reply.
        await using var judge = await FakeOpenAIServer.StartAsync(new()
        {
            AutoReply = true,
            Usage = (request, reply) => (ChatTokens(request.SystemMessage, request.UserMessage), O200k.CountTokens(reply)),
        });
        using var server = CreateSut(judge);
        var client = server.CreateClient();
        const string query = "?metrics=faithfulness,answer_relevancy,context_precision,context_recall,answer_correctness,overall_quality";

        var estimate = (await (await client.PostAsync("/api/score/runs" + query + "&dry_run=true", Content(Jsonl))).ReadJsonAsync()).GetProperty("estimate");
        var submitted = await (await client.PostAsync("/api/score/runs" + query, Content(Jsonl))).ReadJsonAsync();
        var run = await client.WaitForRunAsync(submitted.GetProperty("run_id").GetString()!);
        var repeat = (await (await client.PostAsync("/api/score/runs" + query + "&dry_run=true", Content(Jsonl))).ReadJsonAsync()).GetProperty("estimate");

        var usage = run.GetProperty("usage");
        var (calls, prompt, completion) = (estimate.GetProperty("judge_calls").GetInt32(), estimate.GetProperty("prompt_tokens").GetInt64(), estimate.GetProperty("completion_tokens").GetInt64());
        var (measuredCalls, measuredPrompt, measuredCompletion) = (usage.GetProperty("judge_calls").GetInt32(), usage.GetProperty("prompt_tokens").GetInt64(), usage.GetProperty("completion_tokens").GetInt64());
        output.WriteLine($"judge calls: estimated {calls}, measured {measuredCalls} (fake judge: {judge.ChatRequestCount})");
        output.WriteLine($"prompt tokens: estimated {prompt}, measured {measuredPrompt}");
        output.WriteLine($"completion tokens: estimated {completion}, measured {measuredCompletion}");
        output.WriteLine($"cost live: estimated {estimate.GetProperty("cost").GetProperty("live")}, measured {usage.GetProperty("cost")}");
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(measuredCalls, calls);
        Assert.Equal(judge.ChatRequestCount, calls);
        Assert.Equal(measuredPrompt, prompt);
        // Reply lengths are estimates: the fake judge's replies are terser than a model's, so the estimate errs high, within 3x.
        Assert.InRange(completion, measuredCompletion, 3 * measuredCompletion);
        Assert.Equal((0, calls), (repeat.GetProperty("judge_calls").GetInt32(), repeat.GetProperty("cached").GetInt32()));
    }

    private static int ChatTokens(string system, string user) =>
        3 + O200k.CountTokens("system") + O200k.CountTokens(system) + 3 + O200k.CountTokens("user") + O200k.CountTokens(user) + 3;

    private static StringContent Content(string jsonl) => new(jsonl, Encoding.UTF8, "application/x-ndjson");

    private static Dictionary<string, DateTime> Files(string folder) => Directory.Exists(folder)
        ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc)
        : [];

    private static ServerFactory CreateSut(FakeOpenAIServer judge) => new(new()
    {
        ["ScoreJobs:Judge:Endpoint"] = judge.Endpoint().ToString(),
        ["ScoreJobs:Judge:Model"] = "judge-model",
        ["ScoreJobs:Judge:Prices:0:Model"] = "judge-model",
        ["ScoreJobs:Judge:Prices:0:InputPerMillion"] = "0.40",
        ["ScoreJobs:Judge:Prices:0:OutputPerMillion"] = "1.60",
        ["ScoreJobs:Judge:Prices:0:BatchDiscount"] = "0.5",
    });
}
