using Microsoft.Extensions.Logging.Abstractions;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Judge;

/// <summary>
/// The call log counts paid calls on the wire: one line per HTTP request the judge's model endpoints receive, none for
/// Batch API traffic, nothing outside a job's flow.
/// </summary>
public sealed class JudgeCallLogTests
{
    private const string Ok = """{"ok":1}""";

    [Fact]
    public async Task SendAsync_FirstRequestsAnswered500And429ThenRetried_LogsEveryRequestTheJudgeReceived()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(500, "The server had an error"), FakeResponse.Error(429, "Rate limit reached"), FakeResponse.Chat(Ok));
        using var sut = TestJudge.Caller(TestJudge.Options(server), server);
        var logged = new List<TokenUsage>();

        JudgeCompletion completion;
        using (JudgeSpend.RecordTo((live, _) => Record(logged, live)))
        {
            completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);
        }

        Assert.True(completion.Succeeded, completion.Failure?.Message);
        Assert.Equal(3, server.ChatRequestCount);
        Assert.Equal(server.ChatRequestCount, logged.Sum(u => u.JudgeCalls));
        Assert.Equal(server.ChatRequestCount, completion.Usage.JudgeCalls);
    }

    [Fact]
    public async Task SendAsync_EmbeddingRequestAnswered500ThenRetried_LogsBothRequests()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        var first = 1;
        server.Responder = request => request.IsEmbeddings && Interlocked.Exchange(ref first, 0) == 1 ? FakeResponse.Error(500, "The server had an error") : null;
        using var sut = TestJudge.Caller(TestJudge.Options(server), server);
        var logged = new List<TokenUsage>();

        JudgeEmbeddings embeddings;
        using (JudgeSpend.RecordTo((live, _) => Record(logged, live)))
        {
            embeddings = await sut.EmbedAsync("embedding-model", ["one", "two"], CancellationToken.None);
        }

        Assert.Null(embeddings.Failure);
        Assert.Equal(2, server.EmbeddingRequestCount);
        Assert.Equal(server.EmbeddingRequestCount, logged.Sum(u => u.JudgeCalls));
        Assert.Equal(server.EmbeddingRequestCount, embeddings.Usage.JudgeCalls);
    }

    [Fact]
    public async Task SendAsync_BatchApiRequests_LogsNoCall()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var factory = new JudgeClientFactory(TestJudge.Options(server), NullLogger.Instance);
        var batches = factory.CreateBatchClient();
        var line = """{"custom_id":"c1","method":"POST","url":"/v1/chat/completions","body":{"model":"judge-model","messages":[{"role":"user","content":"Why?"}]}}""";
        var logged = new List<TokenUsage>();

        using (JudgeSpend.RecordTo((live, _) => Record(logged, live)))
        {
            var created = await batches.CreateAsync(BinaryData.FromString(line + "\n"), new Dictionary<string, string>(), CancellationToken.None);
            await batches.GetAsync(created.Id, CancellationToken.None);
        }

        Assert.Single(server.Batches);
        Assert.Empty(logged);
    }

    [Theory]
    [InlineData("POST", "https://x.openai.azure.com/openai/v1/chat/completions", true)]
    [InlineData("POST", "https://x.openai.azure.com/openai/deployments/judge/chat/completions?api-version=2024-10-21", true)]
    [InlineData("POST", "https://api.openai.com/v1/embeddings", true)]
    [InlineData("POST", "https://api.openai.com/v1/files", false)]
    [InlineData("POST", "https://api.openai.com/v1/batches", false)]
    [InlineData("GET", "https://api.openai.com/v1/batches/batch_1", false)]
    [InlineData("GET", "https://api.openai.com/v1/files/file-1/content", false)]
    public void IsLiveCall_Request_OnlyChatAndEmbeddingPosts(string method, string uri, bool expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), uri);

        Assert.Equal(expected, JudgeCallLog.IsLiveCall(request));
    }

    private static Task Record(List<TokenUsage> logged, TokenUsage live)
    {
        if (live.JudgeCalls > 0) lock (logged) logged.Add(live);
        return Task.CompletedTask;
    }
}
