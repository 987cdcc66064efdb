namespace ScoreJobs.Judge;

public sealed class JudgeBackoffTests
{
    [Theory]
    [InlineData(0, 500, 1000)]
    [InlineData(1, 1000, 2000)]
    [InlineData(3, 4000, 8000)]
    [InlineData(10, 15000, 30000)]
    public void Exponential_Retry_BetweenHalfAndAllOfTheDoubledDelayCapped(int retry, double minMs, double maxMs)
    {
        var delays = Enumerable.Range(0, 200).Select(_ => JudgeBackoff.Exponential(retry, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30))).ToList();

        Assert.All(delays, d => Assert.InRange(d.TotalMilliseconds, minMs, maxMs));
        Assert.True(delays.Distinct().Count() > 1, "no jitter");
    }

    [Fact]
    public void Jittered_RetryAfter_NeverShorterAndAtMostTenPercentLonger()
    {
        var asked = TimeSpan.FromSeconds(2);

        var delays = Enumerable.Range(0, 200).Select(_ => JudgeBackoff.Jittered(asked)).ToList();

        Assert.All(delays, d => Assert.InRange(d, asked, asked * 1.1));
    }
}
