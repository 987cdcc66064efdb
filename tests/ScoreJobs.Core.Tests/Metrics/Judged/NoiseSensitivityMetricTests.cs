using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Judge;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics.Judged;

public sealed class NoiseSensitivityMetricTests
{
    private const string ThreeClaims = """{"statements": ["Paris is the capital of France.", "Paris has 2.1 million inhabitants.", "Lyon is the capital of France."]}""";

    [Fact]
    public async Task ScoreAsync_OneWrongClaimFromAnIrrelevantContext_ScoresOneMinusAThird()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(ThreeClaims, """
            {"relevant_contexts": [1, 3],
             "claims": [{"id": 1, "reason": "r", "correct": 1, "contexts": [1]},
                        {"id": 2, "reason": "not in the reference, but from a relevant context", "correct": 0, "contexts": [3]},
                        {"id": 3, "reason": "wrong, from context 2", "correct": 0, "contexts": [2]}],
             "reason": "Claim 3 came from the Lyon context."}
            """);

        var result = await CreateSut(server).ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricStatus.Ok, result.Status);
        Assert.Equal(2 / 3.0, result.Score!.Value, 6);
        Assert.Equal("1/3 wrong from irrelevant contexts: Claim 3 came from the Lyon context.", result.Reason);
        Assert.Equal("noise_sensitivity/v1", result.PromptVersion);
        Assert.Equal(
            [new ClaimEvidence("Paris is the capital of France.", 1, [1]), new ClaimEvidence("Paris has 2.1 million inhabitants.", 0, [3]),
             new ClaimEvidence("Lyon is the capital of France.", 0, [2])],
            result.Claims!, ClaimComparer.Instance);
        var verdicts = server.ChatRequests[1];
        Assert.Equal("noise_sensitivity_verdicts", verdicts.ReplyFormat);
        Assert.Equal(3, verdicts.CountNumbered("claim"));
        Assert.Equal(3, verdicts.CountNumbered("context"));
        Assert.Contains("<reference_answer>", verdicts.UserMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_ContextIdOutOfRange_FailsAsParse()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"statements": ["A."]}""",
            """{"relevant_contexts": [9], "claims": [{"id": 1, "reason": "r", "correct": 1, "contexts": [1]}], "reason": "r"}""");

        var result = await CreateSut(server).ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Null(result.Score);
        Assert.Equal(MetricErrorKind.Parse, result.ErrorKind);
        Assert.Contains("context id 9 is not among the 3 contexts", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_ClaimMissingFromTheReply_FailsAsParse()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"statements": ["A.", "B."]}""",
            """{"relevant_contexts": [], "claims": [{"id": 1, "reason": "r", "correct": 0, "contexts": [2]}], "reason": "r"}""");

        var result = await CreateSut(server).ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricErrorKind.Parse, result.ErrorKind);
        Assert.Contains("2 claims were given but the judge returned ids 1", result.Error, StringComparison.Ordinal);
    }

    private static NoiseSensitivityMetric CreateSut(FakeOpenAIServer server)
    {
        var options = TestJudge.Options(server);
        return new NoiseSensitivityMetric(TestJudge.Caller(options, server), Options.Create(options), new FakeTimeProvider(),
            NullLogger<NoiseSensitivityMetric>.Instance);
    }

    private sealed class ClaimComparer : IEqualityComparer<ClaimEvidence>
    {
        public static readonly ClaimComparer Instance = new();

        public bool Equals(ClaimEvidence? x, ClaimEvidence? y) =>
            x is not null && y is not null && x.Text == y.Text && x.Verdict == y.Verdict && x.Contexts.SequenceEqual(y.Contexts);

        public int GetHashCode(ClaimEvidence obj) => obj.Text.GetHashCode(StringComparison.Ordinal);
    }
}
