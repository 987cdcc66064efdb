namespace ScoreJobs;

public sealed class MessageBackoffTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(30, 60)]
    public void Delay_MidJitter_DoublesFromTheFirstUpToTheCap(int failures, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), MessageBackoff.Delay(failures, First, Max, jitter: 0.5));

    [Fact]
    public void Delay_Jitter_StaysWithinTwentyPercentAndNeverAboveTheCap()
    {
        Assert.Equal(TimeSpan.FromSeconds(0.8), MessageBackoff.Delay(1, First, Max, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(1.2), MessageBackoff.Delay(1, First, Max, jitter: 1));
        Assert.Equal(Max, MessageBackoff.Delay(7, First, Max, jitter: 1));
        Assert.All(Enumerable.Range(1, 200), i => Assert.InRange(MessageBackoff.Delay(1 + (i % 10), First, Max), TimeSpan.FromSeconds(0.8), Max));
    }

    [Fact]
    public void Delay_NoFailureYet_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageBackoff.Delay(0, First, Max));
}
