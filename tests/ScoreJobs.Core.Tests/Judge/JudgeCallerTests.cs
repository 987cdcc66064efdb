using ScoreJobs.Testing;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Metrics;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Judge;

public sealed class JudgeCallerTests
{
    private const string Ok = """{"ok":1}""";

    [Fact]
    public async Task CompleteAsync_AnyRequest_SendsTemperatureZeroBudgetAndStrictSchema()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(Ok);
        var options = TestJudge.Options(server);
        options.MaxCompletionTokens = 6000;
        using var sut = TestJudge.Caller(options, server);

        await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        var body = Assert.Single(server.Requests).Json;
        Assert.Equal(0, body.GetProperty("temperature").GetDouble());
        Assert.Equal(6000, body.GetProperty("max_completion_tokens").GetInt32());
        var format = body.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("test_reply", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.True(format.GetProperty("json_schema").GetProperty("strict").GetBoolean());
        Assert.Equal("object", format.GetProperty("json_schema").GetProperty("schema").GetProperty("type").GetString());
        var messages = body.GetProperty("messages");
        Assert.Equal(["system", "user"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task CompleteAsync_Reply_ReturnsTextAndTokens()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Chat(Ok, promptTokens: 321, completionTokens: 12));
        using var sut = TestJudge.Caller(TestJudge.Options(server), server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal(Ok, completion.Text);
        Assert.Equal(new TokenUsage(1, 321, 12), completion.Usage);
    }

    [Fact]
    public async Task CompleteAsync_RateLimitedThenOk_WaitsAsLongAsRetryAfterAsksOnTheInjectedClock()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(429, "Rate limit reached").WithHeader("retry-after-ms", "400"), FakeResponse.Chat(Ok));
        var time = new FakeTimeProvider();
        var sentAt = new List<DateTimeOffset>();
        server.Responder = _ =>
        {
            lock (sentAt) sentAt.Add(time.GetUtcNow());
            return null;
        };
        var options = TestJudge.Options(server);
        options.RetryBaseDelaySeconds = 0;
        using var sut = TestJudge.Caller(options, server, time: time);

        var completion = await time.RunAsync(sut.CompleteAsync(TestJudge.Request(), CancellationToken.None));

        Assert.True(completion.Succeeded, completion.Failure?.Message);
        Assert.Equal(2, completion.Usage.JudgeCalls);
        Assert.Equal(2, server.Requests.Count);
        // 400 ms asked, plus at most 10% jitter and the fake clock's steps while the first reply was read; not a backoff of seconds.
        Assert.InRange((sentAt[1] - sentAt[0]).TotalMilliseconds, 400, 1000);
    }

    [Fact]
    public async Task CompleteAsync_ServerErrors_BackOffExponentiallyWithJitterCappedByMaxRetryDelay()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(500, "boom"), FakeResponse.Error(500, "boom"), FakeResponse.Error(500, "boom"),
            FakeResponse.Error(500, "boom"), FakeResponse.Chat(Ok));
        var time = new FakeTimeProvider();
        var sentAt = new List<DateTimeOffset>();
        server.Responder = _ =>
        {
            lock (sentAt) sentAt.Add(time.GetUtcNow());
            return null;
        };
        var options = TestJudge.Options(server);
        options.MaxRetries = 4;
        options.RetryBaseDelaySeconds = 1;
        options.MaxRetryDelaySeconds = 3;
        using var sut = TestJudge.Caller(options, server, time: time);

        var completion = await time.RunAsync(sut.CompleteAsync(TestJudge.Request(), CancellationToken.None), TimeSpan.FromMilliseconds(50));

        Assert.True(completion.Succeeded, completion.Failure?.Message);
        Assert.Equal(5, completion.Usage.JudgeCalls);
        var waits = sentAt.Zip(sentAt.Skip(1), (first, next) => next - first).ToList();
        // Uncapped, the fourth retry alone would wait seconds more than the cap of 3 s (plus the clock's steps while a reply is read).
        Assert.All(waits, wait => Assert.InRange(wait.TotalSeconds, 0.05, 4));
        Assert.True(waits.Sum(w => w.TotalSeconds) > 2, $"backed off only {waits.Sum(w => w.TotalSeconds)} s over four retries");
    }

    [Fact]
    public async Task CompleteAsync_RateLimitedLongerThanMaxRetryDelay_FailsAtOnceAsRateLimit()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(429, "Rate limit reached").WithHeader("Retry-After", "120"));
        var options = TestJudge.Options(server);
        options.MaxRetryDelaySeconds = 5;
        using var sut = TestJudge.Caller(options, server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal(JudgeFailureKind.RateLimit, completion.Failure?.Kind);
        Assert.Contains("120 s", completion.Failure!.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CompleteAsync_RetryAfterAsHttpDate_ReadAsTheWaitUntilThen()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var then = DateTimeOffset.UtcNow.AddMinutes(10).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        server.EnqueueChat(FakeResponse.Error(503, "Service unavailable").WithHeader("Retry-After", then));
        var options = TestJudge.Options(server);
        options.MaxRetryDelaySeconds = 5;
        using var sut = TestJudge.Caller(options, server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal(JudgeFailureKind.ModelError, completion.Failure?.Kind);
        Assert.Matches(@"asked to wait (599|600) s", completion.Failure!.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CompleteAsync_QuotaExhausted_FailsAsRateLimitWithoutRetry()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(429, "You exceeded your current quota", code: "insufficient_quota"));
        using var sut = TestJudge.Caller(TestJudge.Options(server), server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal(JudgeFailureKind.RateLimit, completion.Failure?.Kind);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CompleteAsync_ServerErrorsThenOk_RetriesUntilOk()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(500, "boom"), FakeResponse.Error(503, "busy"), FakeResponse.Chat(Ok));
        using var sut = TestJudge.Caller(TestJudge.Options(server), server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.True(completion.Succeeded, completion.Failure?.Message);
        Assert.Equal(3, completion.Usage.JudgeCalls);
    }

    [Fact]
    public async Task CompleteAsync_ServerErrorsBeyondRetries_FailsAsModelErrorSayingAttempts()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(500, "boom"), FakeResponse.Error(502, "bad gateway"), FakeResponse.Error(500, "boom again"));
        using var sut = TestJudge.Caller(TestJudge.Options(server), server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal(JudgeFailureKind.ModelError, completion.Failure?.Kind);
        Assert.Contains("HTTP 500", completion.Failure!.Message, StringComparison.Ordinal);
        Assert.Contains("3 attempts", completion.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(3, completion.Usage.JudgeCalls);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task CompleteAsync_HangingCall_FailsAsTimeoutAfterRetries()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Hanging(), FakeResponse.Hanging());
        var time = new FakeTimeProvider();
        var options = TestJudge.Options(server);
        options.CallTimeoutSeconds = 30;
        options.MaxRetries = 1;
        using var sut = TestJudge.Caller(options, server, time: time);
        var started = time.GetUtcNow();

        var completion = await time.RunAsync(sut.CompleteAsync(TestJudge.Request(), CancellationToken.None), TimeSpan.FromSeconds(1));

        Assert.Equal(JudgeFailureKind.Timeout, completion.Failure?.Kind);
        Assert.Contains("within 30 s", completion.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(2, completion.Usage.JudgeCalls);
        Assert.Equal(2, server.Requests.Count);
        // Two attempts of 30 s each on the injected clock, and no third (plus the clock's steps between attempts).
        Assert.InRange((time.GetUtcNow() - started).TotalSeconds, 60, 89);
    }

    [Fact]
    public async Task CompleteAsync_CallerCancels_Throws()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Hanging());
        var time = new FakeTimeProvider();
        using var sut = TestJudge.Caller(TestJudge.Options(server), server, time: time);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => time.RunAsync(sut.CompleteAsync(TestJudge.Request(), deadline.Token), TimeSpan.FromMilliseconds(100)));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CompleteAsync_DeadlinePassesDuringBackoff_ThrowsWithoutAnotherAttempt()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(503, "busy").WithHeader("Retry-After", "30"), FakeResponse.Chat(Ok));
        var time = new FakeTimeProvider();
        using var sut = TestJudge.Caller(TestJudge.Options(server), server, time: time);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);

        var call = sut.CompleteAsync(TestJudge.Request(), deadline.Token);
        // Fake time moves only once the first attempt has reached the server: on a loaded machine the deadline
        // could otherwise pass before that attempt was even sent.
        await Poll.UntilAsync(() => server.Requests.Count > 0, "the first attempt to reach the server");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => time.RunAsync(call, TimeSpan.FromSeconds(1)));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CompleteAsync_KeyRejected_FailsAsAuthWithoutRetryOrEchoingTheKey()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(401, "Incorrect API key provided: sk-secret-abcdef123456."));
        var options = TestJudge.Options(server);
        options.ApiKey = "sk-secret-abcdef123456";
        using var sut = TestJudge.Caller(options, server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal(JudgeFailureKind.Auth, completion.Failure?.Kind);
        Assert.DoesNotContain("abcdef", completion.Failure!.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CompleteAsync_ServerEchoesKeyInError_KeyScrubbedFromMessage()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(400, "bad request for key sk-secret-abcdef123456 in text mode"));
        var options = TestJudge.Options(server);
        options.ApiKey = "sk-secret-abcdef123456";
        using var sut = TestJudge.Caller(options, server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.NotNull(completion.Failure);
        Assert.DoesNotContain("abcdef", completion.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteAsync_SchemaRejected_FallsBackToJsonModeAndRemembersIt()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(400, "response_format json_schema is not supported"), FakeResponse.Chat(Ok), FakeResponse.Chat(Ok));
        using var sut = TestJudge.Caller(TestJudge.Options(server), server);

        var first = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);
        var second = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.True(first.Succeeded && second.Succeeded);
        Assert.Equal(["json_schema", "json_object", "json_object"], server.Requests.Select(r => r.ResponseFormatType));
        Assert.Contains("format `test_reply`", server.Requests[1].SystemMessage, StringComparison.Ordinal);
        Assert.Contains("\"additionalProperties\":false", server.Requests[1].SystemMessage, StringComparison.Ordinal);
        Assert.Equal(2, first.Usage.JudgeCalls);
    }

    [Fact]
    public async Task CompleteAsync_SchemaAndJsonModeRejected_FallsBackToPlainText()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(400, "unsupported response format"), FakeResponse.Error(422, "json_object unsupported"), FakeResponse.Chat(Ok));
        using var sut = TestJudge.Caller(TestJudge.Options(server), server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.True(completion.Succeeded, completion.Failure?.Message);
        Assert.Equal(["json_schema", "json_object", null], server.Requests.Select(r => r.ResponseFormatType));
    }

    [Fact]
    public async Task CompleteAsync_TemperatureRejected_RetriesWithoutTemperature()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(
            FakeResponse.Error(400, "Unsupported value: 'temperature' does not support 0 with this model.", code: "unsupported_value", param: "temperature"),
            FakeResponse.Chat(Ok));
        using var sut = TestJudge.Caller(TestJudge.Options(server), server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.True(completion.Succeeded, completion.Failure?.Message);
        Assert.True(server.Requests[0].Json.TryGetProperty("temperature", out _));
        Assert.False(server.Requests[1].Json.TryGetProperty("temperature", out _));
        Assert.Equal("json_schema", server.Requests[1].ResponseFormatType);
    }

    [Fact]
    public async Task CompleteAsync_ContextTooLong_FailsWithoutFallingBack()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(400, "This model's maximum context length is 8192 tokens.", code: "context_length_exceeded"));
        using var sut = TestJudge.Caller(TestJudge.Options(server), server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal(JudgeFailureKind.ModelError, completion.Failure?.Kind);
        Assert.Contains("maximum context length", completion.Failure!.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CompleteAsync_CutOffByBudget_FailsAsModelErrorKeepingTheReply()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Chat("""{"verdicts": [{"id": 1, "reas""", finishReason: "length"));
        using var sut = TestJudge.Caller(TestJudge.Options(server), server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal(JudgeFailureKind.ModelError, completion.Failure?.Kind);
        Assert.Contains("finish_reason=length", completion.Failure!.Message, StringComparison.Ordinal);
        Assert.Contains("MaxCompletionTokens", completion.Failure.Message, StringComparison.Ordinal);
        Assert.Equal("""{"verdicts": [{"id": 1, "reas""", completion.Failure.RawReply);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CompleteAsync_UnknownDeployment_FailsAsModelErrorWithoutRetry()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(404, "The API deployment for this resource does not exist.", code: "DeploymentNotFound"));
        var options = TestJudge.Options(server, "openai/v1/");
        options.ApiKey = "azure-key";
        using var sut = TestJudge.Caller(options, server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal(JudgeFailureKind.ModelError, completion.Failure?.Kind);
        Assert.Contains("HTTP 404", completion.Failure!.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CompleteAsync_NothingListening_FailsAsModelErrorAfterRetries()
    {
        int port;
        await using (var closed = await FakeOpenAIServer.StartAsync())
        {
            port = closed.BaseAddress.Port;
        }

        var options = new JudgeOptions { Endpoint = $"http://127.0.0.1:{port}/v1/", Model = "m", MaxRetries = 1, RetryBaseDelaySeconds = 0.01 };
        await using var unused = await FakeOpenAIServer.StartAsync();
        using var sut = TestJudge.Caller(options, unused);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal(JudgeFailureKind.ModelError, completion.Failure?.Kind);
        Assert.Contains("could not reach", completion.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(2, completion.Usage.JudgeCalls);
    }

    [Fact]
    public async Task CompleteAsync_ManyConcurrentCalls_NeverMoreInFlightThanTheCap()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = _ => FakeResponse.Chat(Ok) with { Delay = TimeSpan.FromMilliseconds(100) };
        var options = TestJudge.Options(server);
        options.MaxConcurrentCalls = 2;
        using var sut = TestJudge.Caller(options, server);

        var completions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => sut.CompleteAsync(TestJudge.Request(), CancellationToken.None)));

        Assert.All(completions, c => Assert.True(c.Succeeded));
        Assert.Equal(2, server.MaxConcurrentRequests);
    }

    [Fact]
    public async Task CompleteAsync_Refusal_FailsAsModelErrorSayingSo()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Refusal("I can't help with that."));
        using var sut = TestJudge.Caller(TestJudge.Options(server), server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal(JudgeFailureKind.ModelError, completion.Failure?.Kind);
        Assert.Equal("the model refused to judge: I can't help with that.", completion.Failure!.Message);
        Assert.Equal(1, completion.Usage.JudgeCalls);
    }

    [Fact]
    public async Task CompleteAsync_ContentFiltered_FailsAsModelError()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Chat("", finishReason: "content_filter"));
        using var sut = TestJudge.Caller(TestJudge.Options(server), server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal(JudgeFailureKind.ModelError, completion.Failure?.Kind);
        Assert.Contains("content_filter", completion.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbedAsync_Inputs_OneVectorPerInputInOrder()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueEmbeddings(FakeResponse.Embeddings([[1, 0], [0, 1], [0.5f, 0.5f]], promptTokens: 9));
        using var sut = TestJudge.Caller(TestJudge.Options(server), server);

        var embeddings = await sut.EmbedAsync("embedder", ["a", "b", "c"], CancellationToken.None);

        Assert.True(embeddings.Succeeded, embeddings.Failure?.Message);
        Assert.Equal([[1f, 0f], [0f, 1f], [0.5f, 0.5f]], embeddings.Vectors);
        Assert.Equal(new TokenUsage(1, 9, 0), embeddings.Usage);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/embeddings", request.Path);
        Assert.Equal("embedder", request.Model);
        Assert.Equal(["a", "b", "c"], request.EmbeddingInputs);
    }
}
