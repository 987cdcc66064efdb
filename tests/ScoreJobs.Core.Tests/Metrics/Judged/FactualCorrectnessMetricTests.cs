using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Judge;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics.Judged;

public sealed class FactualCorrectnessMetricTests
{
    [Fact]
    public async Task ScoreAsync_ClaimsCheckedBothWays_ScoresF1OfPrecisionAndRecall()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var request = TestJudge.ScoreRequest();
        server.Responder = r => r.ReplyFormat switch
        {
            "faithfulness_statements" when r.Tagged("answer") == request.Answer =>
                FakeResponse.Chat("""{"statements": ["Paris is the capital of France.", "Paris has two million inhabitants.", "Paris lies on the Loire."]}"""),
            "faithfulness_statements" => FakeResponse.Chat("""{"statements": ["Paris is the capital of France.", "Paris lies on the Seine."]}"""),
            // The answer's claims against the reference: only the first holds.
            "factual_correctness_verdicts" when r.Tagged("reference_text") == request.GroundTruth => FakeResponse.Chat("""
                {"verdicts": [{"id": 1, "reason": "said", "verdict": 1}, {"id": 2, "reason": "not said", "verdict": 0},
                              {"id": 3, "reason": "the Seine", "verdict": 0}], "reason": "Two claims are not in the reference."}
                """),
            // The reference's claims against the answer: the capital is there, the Seine is not.
            "factual_correctness_verdicts" => FakeResponse.Chat("""
                {"verdicts": [{"id": 1, "reason": "said", "verdict": 1}, {"id": 2, "reason": "the answer says the Loire", "verdict": 0}], "reason": "r"}
                """),
            _ => null,
        };

        var result = await CreateSut(server).ScoreAsync(request, CancellationToken.None);

        Assert.Equal(MetricStatus.Ok, result.Status);
        Assert.Equal(1 / 3.0, result.Precision!.Value, 6);
        Assert.Equal(0.5, result.Recall!.Value, 6);
        Assert.Equal(0.4, result.F1!.Value, 6);
        Assert.Equal(0.4, result.Score!.Value, 6);
        Assert.Equal("precision 1/3, recall 1/2: Two claims are not in the reference.", result.Reason);
        Assert.Equal("factual_correctness/v1", result.PromptVersion);
        Assert.Equal(4, result.Usage!.JudgeCalls);
        Assert.Equal([1, 0, 0], result.Claims!.Select(c => c.Verdict));
        Assert.Equal("Paris lies on the Loire.", result.Claims![2].Text);
        // The answer's decomposition is faithfulness's own call, so one job asks it once for every claim metric.
        var decompositions = server.ChatRequests.Where(r => r.ReplyFormat == "faithfulness_statements").ToList();
        Assert.Equal(2, decompositions.Count);
        Assert.Contains(decompositions, d => d.Tagged("answer") == request.GroundTruth);
    }

    [Fact]
    public async Task ScoreAsync_ReferenceMakesNoClaim_SkippedWithoutVerifying()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var request = TestJudge.ScoreRequest();
        server.Responder = r => FakeResponse.Chat(r.Tagged("answer") == request.Answer ? """{"statements": ["A."]}""" : """{"statements": []}""");

        var result = await CreateSut(server).ScoreAsync(request, CancellationToken.None);

        Assert.Equal(MetricStatus.Skipped, result.Status);
        Assert.Null(result.Score);
        Assert.Equal(2, server.ChatRequestCount);
    }

    [Fact]
    public async Task ScoreAsync_NoClaimHoldsEitherWay_ScoresZero()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = r => r.ReplyFormat == "faithfulness_statements"
            ? FakeResponse.Chat("""{"statements": ["A."]}""")
            : FakeResponse.Chat("""{"verdicts": [{"id": 1, "reason": "no", "verdict": 0}], "reason": "nothing matches"}""");

        var result = await CreateSut(server).ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(0, result.Score);
        Assert.Equal(0, result.F1);
    }

    private static FactualCorrectnessMetric CreateSut(FakeOpenAIServer server)
    {
        var options = TestJudge.Options(server);
        return new FactualCorrectnessMetric(TestJudge.Caller(options, server), Options.Create(options), new FakeTimeProvider(),
            NullLogger<FactualCorrectnessMetric>.Instance);
    }
}
