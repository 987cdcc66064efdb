using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using ScoreJobs.Requests;

namespace ScoreJobs.Sampling;

public sealed class SamplingPolicyTests
{
    private static SamplingPolicy Policy(double rate, Dictionary<string, double>? apps = null) =>
        new(Options.Create(new ScoreJobsOptions { Sampling = new SamplingOptions { Rate = rate, Apps = apps ?? [] } }));

    private static ScoreRequest Request(Dictionary<string, string>? metadata = null) => new() { Question = "q", Answer = "a", Metadata = metadata };

    [Fact]
    public void IsSampled_TenThousandDistinctKeys_ShareNearTheRate()
    {
        var policy = Policy(0.1);

        var sampled = Enumerable.Range(0, 10_000).Count(i => policy.IsSampled(Request(), "key-" + i.ToString(CultureInfo.InvariantCulture), []));

        // Binomial(10000, 0.1): standard deviation 30, so +-150 is five of them.
        Assert.InRange(sampled, 850, 1150);
    }

    [Fact]
    public void IsSampled_SameCallAgain_SameAnswer()
    {
        var policy = Policy(0.5);
        var body = "{\"question\":\"q\"}"u8.ToArray();

        var first = Enumerable.Range(0, 200).Select(i => policy.IsSampled(Request(), "k" + i.ToString(CultureInfo.InvariantCulture), body)).ToList();
        var again = Enumerable.Range(0, 200).Select(i => policy.IsSampled(Request(), "k" + i.ToString(CultureInfo.InvariantCulture), body)).ToList();

        Assert.Equal(first, again);
        Assert.Contains(true, first);
        Assert.Contains(false, first);
    }

    [Fact]
    public void Draw_KeyThenWorkflowRunThenBody()
    {
        var withRun = Request(new() { ["workflow_run_id"] = "run-1" });
        byte[] bodyA = Encoding.UTF8.GetBytes("a"), bodyB = Encoding.UTF8.GetBytes("b");

        // The key decides whatever the rest.
        Assert.Equal(SamplingPolicy.Draw(withRun, "k", bodyA), SamplingPolicy.Draw(Request(), "k", bodyB));
        // Without a key, Dify's workflow run decides, whatever the body.
        Assert.Equal(SamplingPolicy.Draw(withRun, null, bodyA), SamplingPolicy.Draw(withRun, null, bodyB));
        Assert.NotEqual(SamplingPolicy.Draw(withRun, null, bodyA), SamplingPolicy.Draw(withRun, "k", bodyA));
        // Else the body.
        Assert.NotEqual(SamplingPolicy.Draw(Request(), null, bodyA), SamplingPolicy.Draw(Request(), null, bodyB));
        Assert.Equal(SamplingPolicy.Draw(Request(), null, bodyA), SamplingPolicy.Draw(Request(), null, bodyA));
    }

    [Fact]
    public void IsSampled_AppOverride_WinsForThatAppOnly()
    {
        var policy = Policy(1, new() { ["faq"] = 0 });

        Assert.False(policy.IsSampled(Request(new() { ["app"] = "faq" }), "k", []));
        Assert.True(policy.IsSampled(Request(new() { ["app"] = "other" }), "k", []));
        Assert.True(policy.IsSampled(Request(), "k", []));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Problem_RateOutsideZeroToOne_NamesTheSetting(double rate)
    {
        Assert.Contains("ScoreJobs:Sampling:Rate", new SamplingOptions { Rate = rate }.Problem(), StringComparison.Ordinal);
        Assert.Contains("ScoreJobs:Sampling:Apps:faq", new SamplingOptions { Apps = new() { ["faq"] = rate } }.Problem(), StringComparison.Ordinal);
    }
}
