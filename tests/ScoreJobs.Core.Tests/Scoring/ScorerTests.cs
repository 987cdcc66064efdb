using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Fakes;
using ScoreJobs.Metrics;
using ScoreJobs.Requests;
using ScoreJobs.Testing;

namespace ScoreJobs.Scoring;

public sealed class ScorerTests
{
    private static readonly ScoreRequest Request = new() { Question = "q", Answer = "a" };

    private static Scorer CreateSut(int timeoutSeconds = 5, FakeTimeProvider? clock = null) =>
        new(TestOptions.Create(o => o.JobTimeoutSeconds = timeoutSeconds), clock ?? new FakeTimeProvider(), TestLogger.For<Scorer>());

    private static MetricSelection Select(params Metric[] metrics) =>
        new MetricCatalog(metrics).Select(Request, new RequestErrors())!;

    [Fact]
    public async Task ScoreAsync_MetricsRunConcurrently()
    {
        var a = new FixedMetric("a", MetricInputs.Answer) { Gate = new TaskCompletionSource() };
        var b = new FixedMetric("b", MetricInputs.Answer) { Gate = new TaskCompletionSource() };

        var scoring = CreateSut().ScoreAsync(Request, Select(a, b), CancellationToken.None);
        await Poll.UntilAsync(() => a.Calls + b.Calls >= 2, "both metrics to be called at once");
        a.Gate.SetResult();
        b.Gate.SetResult();
        var outcome = await scoring;

        Assert.Equal(0.5, outcome.WeightedScore);
    }

    [Fact]
    public async Task ScoreAsync_MetricThrows_BecomesInternalFailureNotException()
    {
        var crash = new FixedMetric("crash", MetricInputs.Answer, _ => throw new InvalidOperationException("boom"));
        var fine = new FixedMetric("fine", MetricInputs.Answer);

        var outcome = await CreateSut().ScoreAsync(Request, Select(crash, fine), CancellationToken.None);

        Assert.Null(outcome.Scores["crash"]);
        Assert.Equal(MetricErrorKind.Internal, outcome.Details["crash"].ErrorKind);
        Assert.DoesNotContain("boom", outcome.Details["crash"].Error);
        Assert.Equal(0.5, outcome.Scores["fine"]);
    }

    [Fact]
    public async Task ScoreAsync_JobDeadlinePasses_HungMetricTimesOut()
    {
        var hung = new FixedMetric("hung", MetricInputs.Answer) { Gate = new TaskCompletionSource() };

        var clock = new FakeTimeProvider();

        var scoring = CreateSut(timeoutSeconds: 1, clock).ScoreAsync(Request, Select(hung), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var outcome = await scoring.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(MetricErrorKind.Timeout, outcome.Details["hung"].ErrorKind);
        Assert.Contains("deadline", outcome.Details["hung"].Error);
    }

    [Fact]
    public async Task ScoreAsync_SeveralPromptVersions_JoinsThemDistinctAndSorted()
    {
        var b = new FixedMetric("b", MetricInputs.Answer, _ => MetricResult.Ok(1) with { PromptVersion = "b/v2" });
        var a = new FixedMetric("a", MetricInputs.Answer, _ => MetricResult.Ok(1) with { PromptVersion = "a/v1" });
        var a2 = new FixedMetric("a2", MetricInputs.Answer, _ => MetricResult.Ok(1) with { PromptVersion = "a/v1" });
        var offline = new FixedMetric("offline", MetricInputs.Answer);

        var outcome = await CreateSut().ScoreAsync(Request, Select(b, a, a2, offline), CancellationToken.None);

        Assert.Equal("a/v1,b/v2", outcome.PromptVersion);
    }

    [Fact]
    public async Task ScoreAsync_NoJudgeMetric_NoPromptVersion()
    {
        var outcome = await CreateSut().ScoreAsync(Request, Select(new FixedMetric("offline", MetricInputs.Answer)), CancellationToken.None);

        Assert.Null(outcome.PromptVersion);
    }
}
