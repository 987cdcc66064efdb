namespace ScoreJobs.Callbacks;

public sealed class CallbackScheduleTests
{
    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(7, 1920)]
    [InlineData(8, 3600)]
    [InlineData(14, 3600)]
    public void DelayAfter_MiddleOfTheJitterBand_DoublesFrom30sToAnHour(int attemptsMade, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CallbackSchedule.DelayAfter(attemptsMade, jitter: 0.5));

    [Fact]
    public void DelayAfter_JitterExtremes_Within20PercentAndNeverAboveAnHour()
    {
        Assert.Equal(TimeSpan.FromSeconds(24), CallbackSchedule.DelayAfter(1, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(36), CallbackSchedule.DelayAfter(1, jitter: 1));
        Assert.Equal(TimeSpan.FromMinutes(48), CallbackSchedule.DelayAfter(10, jitter: 0));
        Assert.Equal(TimeSpan.FromHours(1), CallbackSchedule.DelayAfter(10, jitter: 1));
    }

    [Fact]
    public void DelayAfter_LastAttempt_NoMore()
    {
        Assert.NotNull(CallbackSchedule.DelayAfter(CallbackSchedule.MaxAttempts - 1, 0.5));
        Assert.Null(CallbackSchedule.DelayAfter(CallbackSchedule.MaxAttempts, 0.5));
    }

    [Fact]
    public void DelayAfter_WholeSchedule_AboutEightHours()
    {
        var nominal = Enumerable.Range(1, CallbackSchedule.MaxAttempts - 1).Sum(n => CallbackSchedule.DelayAfter(n, 0.5)!.Value.TotalHours);
        var shortest = Enumerable.Range(1, CallbackSchedule.MaxAttempts - 1).Sum(n => CallbackSchedule.DelayAfter(n, 0)!.Value.TotalHours);
        var longest = Enumerable.Range(1, CallbackSchedule.MaxAttempts - 1).Sum(n => CallbackSchedule.DelayAfter(n, 1)!.Value.TotalHours);

        Assert.InRange(nominal, 7.9, 8.2);
        Assert.InRange(shortest, 6.3, 6.6);
        Assert.InRange(longest, 8.1, 8.3);
    }

    [Fact]
    public void DelayAfter_RandomJitter_StaysInTheBand()
    {
        for (var i = 0; i < 200; i++) Assert.InRange(CallbackSchedule.DelayAfter(2)!.Value, TimeSpan.FromSeconds(48), TimeSpan.FromSeconds(72));
    }
}
