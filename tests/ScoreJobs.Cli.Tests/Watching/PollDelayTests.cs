namespace ScoreJobs.Cli.Watching;

public sealed class PollDelayTests
{
    [Fact]
    public void Next_GrowsFromHalfASecondToFiveSeconds()
    {
        var delay = new PollDelay(new WaitTimings());

        var delays = Enumerable.Range(0, 8).Select(_ => delay.Next().TotalMilliseconds).ToList();

        Assert.Equal([500, 750, 1125, 1687.5, 2531.25, 3796.875, 5000, 5000], delays);
    }

    [Fact]
    public void Next_RetryAfterLongerThanTheBackoff_IsHonoured()
    {
        var delay = new PollDelay(new WaitTimings());

        Assert.Equal(TimeSpan.FromSeconds(3), delay.Next(TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromMilliseconds(750), delay.Next(TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void Next_HugeRetryAfter_IsCappedAtAMinute()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), new PollDelay(new WaitTimings()).Next(TimeSpan.FromHours(1)));
    }
}
