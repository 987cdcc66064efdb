using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Hosting;
using ScoreJobs.Metrics;
using ScoreJobs.Requests;
using ScoreJobs.Scoring;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Judge.Caching;

/// <summary>The cache as AddScoreJobs wires it (folder store, embedded mode), the real client against the fake judge.</summary>
public sealed class JudgeResponseCacheTests : IDisposable
{
    private readonly string _jobs = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ScoreAsync_RepeatedSample_SecondJobMakesNoChatCallsAndDetailsCountTheHits()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);

        var first = await ScoreAsync(provider, TestJudge.ScoreRequest());
        var calls = server.ChatRequestCount;
        var second = await ScoreAsync(provider, TestJudge.ScoreRequest());

        Assert.Equal(7, calls);
        Assert.Equal(calls, server.ChatRequestCount);
        Assert.Equal(first.Scores, second.Scores);
        Assert.Equal((7, 0), (first.Usage.JudgeCalls, first.Usage.CacheHits));
        Assert.Equal((0, 7, 0L), (second.Usage.JudgeCalls, second.Usage.CacheHits, second.Usage.TotalTokens));
        Assert.Equal((0, 2), (second.Details[MetricNames.Faithfulness].Usage!.JudgeCalls, second.Details[MetricNames.Faithfulness].Usage!.CacheHits));
        Assert.Equal(first.Details[MetricNames.OverallQuality].Reason, second.Details[MetricNames.OverallQuality].Reason);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_jobs, ".judge-cache"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ScoreAsync_WithPrices_PaidCallsPricedPerMetricAndJobAndCachedOnesFree()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true, PromptTokens = 1_000, CompletionTokens = 250 });
        using var provider = CreateSut(server, prices: true);

        var paid = await ScoreAsync(provider, TestJudge.ScoreRequest());
        var cached = await ScoreAsync(provider, TestJudge.ScoreRequest());

        // 0.40 per million prompt tokens, 1.60 per million completion tokens: 0.0004 + 0.0004 = 0.0008 a call.
        Assert.Equal(0.0016m, paid.Details[MetricNames.Faithfulness].Usage!.Cost);
        Assert.Equal(7 * 0.0008m, paid.Usage.Cost);
        Assert.Equal("USD", paid.Usage.Currency);
        Assert.Equal(0m, cached.Usage.Cost);
        Assert.Equal(0m, cached.Details[MetricNames.Faithfulness].Usage!.Cost);
    }

    [Fact]
    public async Task ScoreAsync_AfterARestart_StillServedFromTheFolder()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using (var before = CreateSut(server)) await ScoreAsync(before, OverallQualityOnly());
        using var after = CreateSut(server);

        var outcome = await ScoreAsync(after, OverallQualityOnly());

        Assert.Equal(1, server.ChatRequestCount);
        Assert.Equal(1, outcome.Usage.CacheHits);
    }

    [Fact]
    public async Task ScoreAsync_CacheFalse_NeitherReadsNorWrites()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);
        await ScoreAsync(provider, OverallQualityOnly());

        var bypassed = await ScoreAsync(provider, OverallQualityOnly() with { Cache = false });
        Assert.Equal((2, 1, 0), (server.ChatRequestCount, bypassed.Usage.JudgeCalls, bypassed.Usage.CacheHits));

        var other = OverallQualityOnly() with { Answer = "Paris." };
        await ScoreAsync(provider, other with { Cache = false });
        var afterBypass = await ScoreAsync(provider, other);
        Assert.Equal((4, 0), (server.ChatRequestCount, afterBypass.Usage.CacheHits));
    }

    [Theory]
    [InlineData("http_500")]
    [InlineData("cut_off")]
    [InlineData("not_json")]
    public async Task ScoreAsync_FailedOrUnusableReply_NotServedAgain(string failure)
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        server.EnqueueChat(failure switch
        {
            "http_500" => FakeResponse.Error(500, "boom"),
            "cut_off" => FakeResponse.Chat("""{"reason": "Good""", finishReason: "length"),
            _ => FakeResponse.Chat("I would rate this a seven."),
        });
        using var provider = CreateSut(server);

        var failed = await ScoreAsync(provider, OverallQualityOnly());
        var retried = await ScoreAsync(provider, OverallQualityOnly());
        var cached = await ScoreAsync(provider, OverallQualityOnly());

        Assert.Null(failed.Scores[MetricNames.OverallQuality]);
        Assert.Equal((1, 0), (retried.Usage.JudgeCalls, retried.Usage.CacheHits));
        Assert.Equal((0, 1), (cached.Usage.JudgeCalls, cached.Usage.CacheHits));
        Assert.Equal(2, server.ChatRequestCount);
    }

    [Fact]
    public async Task ScoreAsync_PastTheTtl_AsksTheJudgeAgain()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server, ttlHours: "24");
        await ScoreAsync(provider, OverallQualityOnly());

        _time.Advance(TimeSpan.FromHours(23.9));
        await ScoreAsync(provider, OverallQualityOnly());
        Assert.Equal(1, server.ChatRequestCount);

        _time.Advance(TimeSpan.FromHours(0.2));
        var expired = await ScoreAsync(provider, OverallQualityOnly());
        Assert.Equal((2, 1), (server.ChatRequestCount, expired.Usage.JudgeCalls));
    }

    [Fact]
    public async Task ScoreAsync_TtlZero_NoCache()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server, ttlHours: "0");

        await ScoreAsync(provider, OverallQualityOnly());
        await ScoreAsync(provider, OverallQualityOnly());

        Assert.Equal(2, server.ChatRequestCount);
        Assert.False(Directory.Exists(Path.Combine(_jobs, ".judge-cache")));
    }

    [Fact]
    public async Task ScoreAsync_AnotherJudgeModel_IsAnotherEntry()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);

        await ScoreAsync(provider, OverallQualityOnly());
        var other = await ScoreAsync(provider, OverallQualityOnly() with { JudgeModel = "judge-model-2" });

        Assert.Equal((2, 0), (server.ChatRequestCount, other.Usage.CacheHits));
    }

    [Fact]
    public async Task ScoreAsync_ThreeRepeats_EachRepetitionCachedApartAndARerunMakesNoCalls()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);

        var first = await ScoreAsync(provider, OverallQualityOnly() with { Repeats = 3 });
        var calls = server.ChatRequestCount;
        var again = await ScoreAsync(provider, OverallQualityOnly() with { Repeats = 3 });

        Assert.Equal(3, calls);
        Assert.Equal(calls, server.ChatRequestCount);
        Assert.Equal((3, 0), (first.Usage.JudgeCalls, first.Usage.CacheHits));
        Assert.Equal((0, 3), (again.Usage.JudgeCalls, again.Usage.CacheHits));
        Assert.Equal(3, again.Details[MetricNames.OverallQuality].Repeats!.Count);
    }

    [Fact]
    public async Task ScoreAsync_RepeatsAfterASingleAsk_FirstRepetitionServedFromTheEntryItAlwaysHad()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);

        await ScoreAsync(provider, OverallQualityOnly());
        var before = server.ChatRequestCount;
        var repeated = await ScoreAsync(provider, OverallQualityOnly() with { Repeats = 3 });

        Assert.Equal(1, before);
        Assert.Equal(before + 2, server.ChatRequestCount);
        Assert.Equal((2, 1), (repeated.Usage.JudgeCalls, repeated.Usage.CacheHits));
    }

    [Fact]
    public async Task ScoreAsync_CacheTags_NeverSentToTheEndpoint()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);

        await ScoreAsync(provider, OverallQualityOnly() with { Cache = false });
        await ScoreAsync(provider, OverallQualityOnly());

        Assert.All(server.ChatRequests, r => Assert.DoesNotContain("scorejobs", r.Body, StringComparison.OrdinalIgnoreCase));
    }

    public void Dispose()
    {
        if (Directory.Exists(_jobs)) Directory.Delete(_jobs, recursive: true);
    }

    private static ScoreRequest OverallQualityOnly() => TestJudge.ScoreRequest() with { Metrics = [MetricNames.OverallQuality] };

    private static Task<ScoreOutcome> ScoreAsync(ServiceProvider provider, ScoreRequest request) =>
        provider.GetRequiredService<Scorer>().ScoreAsync(
            request, provider.GetRequiredService<MetricCatalog>().Select(request, new RequestErrors())!, CancellationToken.None);

    private ServiceProvider CreateSut(FakeOpenAIServer server, string? ttlHours = null, bool prices = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ScoreJobs:JobsDirectory"] = _jobs,
            ["ScoreJobs:Judge:Endpoint"] = server.Endpoint().ToString(),
            ["ScoreJobs:Judge:Model"] = TestJudge.Model,
            ["ScoreJobs:Judge:MaxRetries"] = "0",
        };
        if (ttlHours is not null) settings["ScoreJobs:Judge:CacheTtlHours"] = ttlHours;
        if (prices)
        {
            settings["ScoreJobs:Judge:Prices:0:Model"] = TestJudge.Model;
            settings["ScoreJobs:Judge:Prices:0:InputPerMillion"] = "0.40";
            settings["ScoreJobs:Judge:Prices:0:OutputPerMillion"] = "1.60";
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_time);
        services.AddScoreJobs(configuration);
        return services.BuildServiceProvider();
    }
}

