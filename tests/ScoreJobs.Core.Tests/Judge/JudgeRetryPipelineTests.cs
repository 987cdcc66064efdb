namespace ScoreJobs.Judge;

public sealed class JudgeRetryPipelineTests
{
    [Fact]
    public void Jittered_RetryAfter_NeverShorterAndAtMostTenPercentLonger()
    {
        var asked = TimeSpan.FromSeconds(2);

        var delays = Enumerable.Range(0, 200).Select(_ => JudgeRetryPipeline.Jittered(asked)).ToList();

        Assert.All(delays, d => Assert.InRange(d, asked, asked * 1.1));
        Assert.True(delays.Distinct().Count() > 1, "no jitter");
    }

    [Fact]
    public void Jittered_LongRetryAfter_AtMostOneSecondLonger()
    {
        var asked = TimeSpan.FromSeconds(50);

        Assert.All(Enumerable.Range(0, 200), _ => Assert.InRange(JudgeRetryPipeline.Jittered(asked), asked, asked + TimeSpan.FromSeconds(1)));
    }
}
