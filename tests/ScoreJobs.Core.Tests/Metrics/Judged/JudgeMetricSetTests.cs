using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScoreJobs.Fakes;
using ScoreJobs.Judge;
using ScoreJobs.Requests;
using ScoreJobs.Scoring;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics.Judged;

/// <summary>The built-in judge metrics together, as a job runs them, against the fake judge's auto mode.</summary>
public sealed class JudgeMetricSetTests
{
    [Theory]
    [InlineData(null, 13)]
    [InlineData("embedder", 15)]
    public async Task ScoreAsync_FullSetWithThreeContexts_AllScoredWithinTheCallBudget(string? embeddingModel, int expectedCalls)
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true, PromptTokens = 400, CompletionTokens = 80 });
        var (scorer, catalog) = CreateSut(server, embeddingModel);
        var request = TestJudge.ScoreRequest() with { Metrics = [.. JudgeMetricDefinitions.All.Select(d => d.Name)] };

        var outcome = await scorer.ScoreAsync(request, catalog.Select(request, new RequestErrors())!, CancellationToken.None);

        Assert.All(JudgeMetricDefinitions.All, d => Assert.Equal(MetricStatus.Ok, outcome.Details[d.Name].Status));
        Assert.All(outcome.Scores.Values, s => Assert.InRange(s!.Value, 0, 1));
        Assert.Equal(expectedCalls, outcome.Usage.JudgeCalls);
        Assert.Equal(expectedCalls, server.Requests.Count);
        // The six of before make 7 chat calls; factual_correctness 3 (the answer's claims are faithfulness's), response_groundedness 2, noise_sensitivity 1.
        Assert.Equal(13, server.ChatRequestCount);
        Assert.Equal(expectedCalls - 13, server.EmbeddingRequestCount);
        Assert.Equal(13 * 80, outcome.Usage.CompletionTokens);
    }

    [Fact]
    public async Task ScoreAsync_NoMetricsNamed_TheDefaultSetWithoutTheNewerMetrics()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        var (scorer, catalog) = CreateSut(server, embeddingModel: null);
        var request = TestJudge.ScoreRequest();

        var outcome = await scorer.ScoreAsync(request, catalog.Select(request, new RequestErrors())!, CancellationToken.None);

        // An upgrade does not add paid calls to a request that names no metrics: the newer three are asked by name.
        Assert.All(JudgeMetricDefinitions.All, d => Assert.Equal(d.InDefaultSet, outcome.Details.ContainsKey(d.Name)));
        Assert.Equal(3, JudgeMetricDefinitions.All.Count(d => !d.InDefaultSet));
        Assert.Equal(7, server.ChatRequestCount);
    }

    [Fact]
    public async Task ScoreAsync_JudgeReplyFormatsRejected_StillScoresInPlainTextMode()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        server.Responder = r => r.ResponseFormatType is "json_schema" or "json_object" ? FakeResponse.Error(400, "response_format is not supported") : null;
        var (scorer, catalog) = CreateSut(server, embeddingModel: null);
        var request = TestJudge.ScoreRequest() with { Metrics = [.. JudgeMetricDefinitions.All.Select(d => d.Name)] };

        var outcome = await scorer.ScoreAsync(request, catalog.Select(request, new RequestErrors())!, CancellationToken.None);

        Assert.All(JudgeMetricDefinitions.All, d => Assert.Equal(MetricStatus.Ok, outcome.Details[d.Name].Status));
    }

    private static (Scorer Scorer, MetricCatalog Catalog) CreateSut(FakeOpenAIServer server, string? embeddingModel)
    {
        var options = TestJudge.Options(server);
        options.EmbeddingModel = embeddingModel;
        var judge = TestJudge.Caller(options, server);
        var judgeOptions = Options.Create(options);
        var time = new FakeTimeProvider();
        Metric[] metrics = [.. JudgeMetricSet.Create(judge, judgeOptions, time, NullLoggerFactory.Instance)];
        return (new Scorer(TestOptions.Create(), time, TestLogger.For<Scorer>()), new MetricCatalog(metrics));
    }
}
