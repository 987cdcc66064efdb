using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Fakes;
using ScoreJobs.Judge;
using ScoreJobs.Requests;
using ScoreJobs.Scoring;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics.Judged;

public sealed class SharedJudgeCallsTests
{
    private static readonly string[] ClaimMetrics = [MetricNames.Faithfulness, MetricNames.FactualCorrectness, MetricNames.NoiseSensitivity];

    [Fact]
    public async Task ScoreAsync_ThreeMetricsClaimTheAnswer_OneAnswerDecompositionCall()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true, PromptTokens = 400, CompletionTokens = 80 });
        var (scorer, catalog) = CreateSut(server);
        var request = TestJudge.ScoreRequest() with { Metrics = ClaimMetrics };

        var outcome = await scorer.ScoreAsync(request, catalog.Select(request, new RequestErrors())!, CancellationToken.None);

        Assert.All(ClaimMetrics, m => Assert.Equal(MetricStatus.Ok, outcome.Details[m].Status));
        var decompositions = server.ChatRequests.Where(r => r.ReplyFormat == "faithfulness_statements").ToList();
        Assert.Single(decompositions, d => d.Tagged("answer") == request.Answer);
        Assert.Single(decompositions, d => d.Tagged("answer") == request.GroundTruth);
        // faithfulness 1 verdict call, factual_correctness 2, noise_sensitivity 1, and the two decompositions: each paid once.
        Assert.Equal(6, server.ChatRequestCount);
        Assert.Equal(6, outcome.Usage.JudgeCalls);
        Assert.Equal(6 * 80, outcome.Usage.CompletionTokens);
    }

    [Fact]
    public async Task ScoreAsync_TwoJobsOfTheSameInputs_EachMakesItsOwnDecomposition()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        var (scorer, catalog) = CreateSut(server);

        foreach (var _ in new[] { 1, 2 })
        {
            var request = TestJudge.ScoreRequest() with { Metrics = [MetricNames.Faithfulness, MetricNames.NoiseSensitivity] };
            await scorer.ScoreAsync(request, catalog.Select(request, new RequestErrors())!, CancellationToken.None);
        }

        Assert.Equal(2, server.ChatRequests.Count(r => r.ReplyFormat == "faithfulness_statements"));
    }

    [Fact]
    public async Task PlanAsync_ThreeMetricsOfOneSample_TheDecompositionPlannedOnce()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        var metrics = CreateMetrics(server).OfType<JudgeMetric>().ToDictionary(m => m.Name);
        var request = TestJudge.ScoreRequest();
        var shared = new SharedJudgeCalls();

        var plans = new List<JudgePlan>();
        foreach (var name in ClaimMetrics)
        {
            plans.Add(await metrics[name].PlanAsync(request, (_, _) => Task.FromResult<string?>(null), CancellationToken.None, shared));
        }

        var calls = plans.SelectMany(p => p.Calls).ToList();
        Assert.Single(calls, c => c.ReplyName == "faithfulness_statements" && c.Request.UserPrompt.Contains(request.Answer!, StringComparison.Ordinal));
        Assert.Equal(["faithfulness_statements", "faithfulness_verdicts"], plans[0].Calls.Select(c => c.ReplyName));
        Assert.Equal(["faithfulness_statements", "factual_correctness_verdicts", "factual_correctness_verdicts"], plans[1].Calls.Select(c => c.ReplyName));
        Assert.Equal(["noise_sensitivity_verdicts"], plans[2].Calls.Select(c => c.ReplyName));
        Assert.Empty(server.Requests);
    }

    private static Metric[] CreateMetrics(FakeOpenAIServer server)
    {
        var options = TestJudge.Options(server);
        return [.. JudgeMetricSet.Create(TestJudge.Caller(options, server), Options.Create(options), new FakeTimeProvider(), NullLoggerFactory.Instance)];
    }

    private static (Scorer Scorer, MetricCatalog Catalog) CreateSut(FakeOpenAIServer server) =>
        (new Scorer(TestOptions.Create(), new FakeTimeProvider(), TestLogger.For<Scorer>()), new MetricCatalog(CreateMetrics(server)));
}
