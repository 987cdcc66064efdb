using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using Microsoft.ML.Tokenizers;
using ScoreJobs.Hosting;
using ScoreJobs.Judge;
using ScoreJobs.Metrics;
using ScoreJobs.Metrics.Judged;
using ScoreJobs.Requests;
using ScoreJobs.Runs;
using ScoreJobs.Runs.Datasets;
using ScoreJobs.Scoring;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Estimates;

/// <summary>The estimator as AddScoreJobs wires it (folder cache, embedded mode), the real judge client against the fake judge.</summary>
public sealed class RunEstimatorTests : IDisposable
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");
    private readonly string _jobs = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task EstimateAsync_EveryMetric_CountsTheCallsEachJudgeMetricMakesAndNoneForOfflineOnes()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);

        var estimate = await EstimateAsync(provider, Sample());

        // Faithfulness: the claims, then one verdict call for all of them; factual_correctness the reference's claims and a
        // verdict call each way (the answer's claims are faithfulness's, counted once); response_groundedness two ratings;
        // noise_sensitivity one verdict call on the shared claims; the others one call each; no embedding model.
        var many = new Dictionary<string, int>
        {
            [MetricNames.Faithfulness] = 2, [MetricNames.FactualCorrectness] = 3, [MetricNames.ResponseGroundedness] = 2,
        };
        Assert.All(estimate.ByMetric, m => Assert.Equal(many.GetValueOrDefault(m.Key, 1), m.Value.JudgeCalls));
        Assert.Equal(JudgeMetricDefinitions.All.Select(d => d.Name).Order(), estimate.ByMetric.Keys.Order());
        Assert.Equal((13, 0, 0), (estimate.JudgeCalls, estimate.Cached, estimate.EmbeddingCalls));
        Assert.Equal(0, server.ChatRequestCount);
    }

    [Fact]
    public async Task EstimateAsync_InlineRubrics_PlansTheirCallsAsScoringMakesThem()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);
        // Criteria of their own, so no other test has left generated steps for the same definition.
        var unique = Guid.NewGuid().ToString("N");
        object[] rubrics =
        [
            new { name = "politeness", criteria = $"Polite, and never promises a refund ({unique}).", scale = "1-5" },
            new { name = "cites", criteria = $"Cites the document it relies on ({unique}).", steps = new[] { "Find the citation." }, scale = "binary" },
        ];

        var estimate = await EstimateAsync(provider, TestJudge.ScoreRequest() with { Metrics = ["politeness", "cites"] }, rubrics: rubrics);

        // politeness has no steps: one call writes them, one rates; cites brings its steps: one call.
        Assert.Equal((2, 1), (estimate.ByMetric["politeness"].JudgeCalls, estimate.ByMetric["cites"].JudgeCalls));
        Assert.Equal(3, estimate.JudgeCalls);
        Assert.True(estimate.PromptTokens > 0);
        Assert.Equal(0, server.ChatRequestCount);
    }

    [Fact]
    public async Task EstimateAsync_ThenScored_PromptTokensEqualTheTokenizersCountOfWhatWasSent()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);

        var estimate = await EstimateAsync(provider, Sample());
        await ScoreAsync(provider, Sample());

        // The cookbook's count of a chat: 3 tokens of framing and the role per message, 3 to prime the reply.
        var sent = server.ChatRequests.Sum(r => 3 + O200k.CountTokens("system") + O200k.CountTokens(r.SystemMessage)
            + 3 + O200k.CountTokens("user") + O200k.CountTokens(r.UserMessage) + 3);
        Assert.Equal(13, server.ChatRequestCount);
        Assert.Equal(sent, estimate.PromptTokens);
        Assert.Equal("o200k_base", estimate.Encoding);
    }

    [Fact]
    public async Task EstimateAsync_OneKnownPrompt_TokensAreTheEncodingsCountOfTheRenderedMessages()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);
        var request = TestJudge.ScoreRequest() with { Metrics = [MetricNames.OverallQuality] };

        var estimate = await EstimateAsync(provider, request);

        var user = $"""
            <question>
            {request.Question}
            </question>
            <contexts>
            <context id="1">
            {request.Contexts[0]}
            </context>
            <context id="2">
            {request.Contexts[1]}
            </context>
            <context id="3">
            {request.Contexts[2]}
            </context>
            </contexts>
            <reference_answer>
            {request.GroundTruth}
            </reference_answer>
            <answer>
            {request.Answer}
            </answer>

            """;
        var expected = 3 + 1 + O200k.CountTokens(OverallQualityMetric.RatingPrompt.SystemPrompt) + 3 + 1 + O200k.CountTokens(user) + 3;
        Assert.Equal(expected, estimate.PromptTokens);
        Assert.Equal(2 * JudgePlan.SummaryReplyTokens, estimate.CompletionTokens);
    }

    [Fact]
    public async Task EstimateAsync_PerContextAndPerStatementReplies_GrowWithTheSample()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);
        var request = TestJudge.ScoreRequest() with { Metrics = [MetricNames.ContextPrecision, MetricNames.Faithfulness] };

        var three = await EstimateAsync(provider, request);
        var five = await EstimateAsync(provider, request with { Contexts = [.. request.Contexts, "Marseille is a port.", "Nice is on the coast."] });

        Assert.Equal(3 * JudgePlan.ItemReplyTokens + JudgePlan.SummaryReplyTokens, three.ByMetric[MetricNames.ContextPrecision].CompletionTokens);
        Assert.Equal(5 * JudgePlan.ItemReplyTokens + JudgePlan.SummaryReplyTokens, five.ByMetric[MetricNames.ContextPrecision].CompletionTokens);
        Assert.Equal(1, five.ByMetric[MetricNames.ContextPrecision].JudgeCalls);
        Assert.True(five.ByMetric[MetricNames.Faithfulness].PromptTokens > three.ByMetric[MetricNames.Faithfulness].PromptTokens);
    }

    [Fact]
    public async Task EstimateAsync_MissingGroundTruth_ReferenceMetricsPlanNoCall()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);

        var estimate = await EstimateAsync(provider, Sample() with { GroundTruth = null });

        Assert.Equal(0, estimate.ByMetric[MetricNames.ContextPrecision].JudgeCalls);
        Assert.Equal(0, estimate.ByMetric[MetricNames.ContextRecall].JudgeCalls);
        Assert.Equal(0, estimate.ByMetric[MetricNames.AnswerCorrectness].JudgeCalls);
        Assert.Equal(0, estimate.ByMetric[MetricNames.FactualCorrectness].JudgeCalls);
        Assert.Equal(0, estimate.ByMetric[MetricNames.NoiseSensitivity].JudgeCalls);
        Assert.Equal(6, estimate.JudgeCalls);
    }

    [Fact]
    public async Task EstimateAsync_WithAnEmbeddingModel_CountsEmbeddingCallsApart()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server, embeddingModel: "text-embedding-3-small");

        var estimate = await EstimateAsync(provider, Sample());

        Assert.Equal((1, 1), (estimate.ByMetric[MetricNames.AnswerRelevancy].JudgeCalls, estimate.ByMetric[MetricNames.AnswerRelevancy].EmbeddingCalls));
        Assert.Equal((1, 1), (estimate.ByMetric[MetricNames.AnswerCorrectness].JudgeCalls, estimate.ByMetric[MetricNames.AnswerCorrectness].EmbeddingCalls));
        Assert.Equal((13, 2), (estimate.JudgeCalls, estimate.EmbeddingCalls));
        var cl100k = TiktokenTokenizer.CreateForEncoding("cl100k_base");
        var sample = Sample();
        Assert.Equal(4 * cl100k.CountTokens(sample.Question) + cl100k.CountTokens(sample.Answer!) + cl100k.CountTokens(sample.GroundTruth!), estimate.EmbeddingTokens);
    }

    [Fact]
    public async Task EstimateAsync_AfterTheSameSampleWasScored_EveryCallCachedAndNothingWritten()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server, prices: true);
        await ScoreAsync(provider, Sample());
        var cache = Path.Combine(_jobs, ".judge-cache");
        var before = Snapshot(cache);

        var estimate = await EstimateAsync(provider, Sample());

        Assert.Equal((0, 13, 0L, 0L), (estimate.JudgeCalls, estimate.Cached, estimate.PromptTokens, estimate.CompletionTokens));
        Assert.Equal((0m, 0m), (estimate.Cost.Live, estimate.Cost.Batch));
        Assert.Equal(13, server.ChatRequestCount);
        Assert.Equal(before, Snapshot(cache));
    }

    [Fact]
    public async Task EstimateAsync_ThreeRepeats_ThreeTimesTheCallsEachUnderItsOwnCacheKey()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);
        await ScoreAsync(provider, Sample());

        var repeated = await EstimateAsync(provider, Sample(), repeats: 3);
        await ScoreAsync(provider, Sample() with { Repeats = 3 });
        var again = await EstimateAsync(provider, Sample(), repeats: 3);

        // Repetition 1 is the entry the single ask left; repetitions 2 and 3 have keys of their own, so they are to pay.
        Assert.Equal((26, 13), (repeated.JudgeCalls, repeated.Cached));
        Assert.Equal(13 + 26, server.ChatRequestCount);
        Assert.Equal((0, 39), (again.JudgeCalls, again.Cached));
    }

    [Fact]
    public async Task EstimateAsync_CacheFalse_CountsNoHits()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);
        await ScoreAsync(provider, Sample());

        var estimate = await EstimateAsync(provider, Sample(), cache: false);

        Assert.Equal((13, 0), (estimate.JudgeCalls, estimate.Cached));
    }

    [Fact]
    public async Task EstimateAsync_WithPrices_CostsLiveAndAtTheBatchDiscount()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server, prices: true);

        var estimate = await EstimateAsync(provider, Sample());

        var live = (estimate.PromptTokens * 0.40m + estimate.CompletionTokens * 1.60m) / 1_000_000m;
        Assert.Equal(live, estimate.Cost.Live);
        Assert.Equal(live / 2, estimate.Cost.Batch);
        Assert.Equal("USD", estimate.Cost.Currency);
        Assert.Null(estimate.Cost.Reason);
    }

    [Fact]
    public async Task EstimateAsync_ModelWithoutAPrice_CostNullWithTheReason()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server, prices: true);

        var estimate = await EstimateAsync(provider, Sample() with { JudgeModel = "judge-model-2" });

        Assert.Equal((null, null), (estimate.Cost.Live, estimate.Cost.Batch));
        Assert.Contains("'judge-model-2'", estimate.Cost.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EstimateAsync_NoPriceTable_CostNullSayingWhatToSet()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);

        var estimate = await EstimateAsync(provider, Sample());

        Assert.Null(estimate.Cost.Live);
        Assert.Contains("ScoreJobs__Judge__Prices", estimate.Cost.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpt-4o-mini", "o200k_base")]
    [InlineData("gpt-4.1", "o200k_base")]
    [InlineData("o3-mini", "o200k_base")]
    [InlineData("my-judge-deployment", "o200k_base")]
    [InlineData("gpt-4", "cl100k_base")]
    [InlineData("gpt-4-turbo", "cl100k_base")]
    [InlineData("gpt-35-turbo", "cl100k_base")]
    [InlineData("gpt-3.5-turbo", "cl100k_base")]
    public void JudgeTokenizer_ModelName_PicksTheModelsEncoding(string model, string encoding) =>
        Assert.Equal(encoding, JudgeTokenizer.For(model).Encoding);

    [Fact]
    public void JudgeTokenizer_KnownText_CountsAsTheEncodingDoes()
    {
        const string text = "Paris is the capital of France. 巴黎是法国的首都。";
        Assert.Equal(O200k.CountTokens(text), JudgeTokenizer.For("gpt-4o").Count(text));
        Assert.Equal(TiktokenTokenizer.CreateForEncoding("cl100k_base").CountTokens(text), JudgeTokenizer.For("gpt-4").Count(text));
        Assert.Equal(2, JudgeTokenizer.For("gpt-4o").Count("hello world"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_jobs)) Directory.Delete(_jobs, recursive: true);
    }

    // Every metric by name: the newer judge metrics are not in the default set.
    private static ScoreRequest Sample() => TestJudge.ScoreRequest() with
    {
        Metrics = [.. JudgeMetricDefinitions.All.Select(d => d.Name), MetricNames.TokenF1, MetricNames.RougeL, MetricNames.ContextCoverage],
    };

    private static Dictionary<string, DateTime> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

    private static async Task<RunEstimate> EstimateAsync(ServiceProvider provider, ScoreRequest sample, bool cache = true, int repeats = 1, object[]? rubrics = null)
    {
        var body = JsonSerializer.Serialize(new
        {
            samples = new[]
            {
                new { question = sample.Question, answer = sample.Answer, contexts = sample.Contexts, ground_truth = sample.GroundTruth },
            },
            metrics = sample.Metrics,
            judge_model = sample.JudgeModel,
            cache,
            repeats,
            rubrics,
        });
        var errors = new RequestErrors();
        var submission = RunSubmissionReader.Read("application/json", new MemoryStream(Encoding.UTF8.GetBytes(body)), new Dictionary<string, StringValues>(), errors);
        var prepared = RunPreparation.Prepare(submission!, provider.GetRequiredService<MetricCatalog>(), errors);
        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value)));
        return await provider.GetRequiredService<RunEstimator>().EstimateAsync(prepared!, CancellationToken.None);
    }

    private static Task<ScoreOutcome> ScoreAsync(ServiceProvider provider, ScoreRequest request) =>
        provider.GetRequiredService<Scorer>().ScoreAsync(
            request, provider.GetRequiredService<MetricCatalog>().Select(request, new RequestErrors())!, CancellationToken.None);

    private ServiceProvider CreateSut(FakeOpenAIServer server, bool prices = false, string? embeddingModel = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ScoreJobs:JobsDirectory"] = _jobs,
            ["ScoreJobs:Judge:Endpoint"] = server.Endpoint().ToString(),
            ["ScoreJobs:Judge:Model"] = TestJudge.Model,
            ["ScoreJobs:Judge:EmbeddingModel"] = embeddingModel,
            ["ScoreJobs:Judge:MaxRetries"] = "0",
        };
        if (prices)
        {
            settings["ScoreJobs:Judge:Prices:0:Model"] = TestJudge.Model;
            settings["ScoreJobs:Judge:Prices:0:InputPerMillion"] = "0.40";
            settings["ScoreJobs:Judge:Prices:0:OutputPerMillion"] = "1.60";
            settings["ScoreJobs:Judge:Prices:0:BatchDiscount"] = "0.5";
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_time);
        services.AddScoreJobs(configuration);
        return services.BuildServiceProvider();
    }
}
