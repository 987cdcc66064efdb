namespace ScoreJobs.Storage;

/// <summary>What every <see cref="IDailyCounters"/> must do, run over each adapter.</summary>
internal static class DailyCountersContract
{
    private static readonly DateOnly Day = new(2026, 12, 6);

    public static async Task AddThenSum_ByNameAndDayRange(IDailyCounters counters)
    {
        await counters.AddAsync("spend", Day, 1.5, CancellationToken.None);
        await counters.AddAsync("spend", Day, 0.25, CancellationToken.None);
        await counters.AddAsync("spend", Day.AddDays(1), 10, CancellationToken.None);
        await counters.AddAsync("not_sampled|app=客服/bot?#1", Day, 1, CancellationToken.None);

        Assert.Equal(1.75, await counters.SumAsync("spend", Day, Day, CancellationToken.None), 9);
        Assert.Equal(11.75, await counters.SumAsync("spend", DateOnly.MinValue, DateOnly.MaxValue.AddDays(-1), CancellationToken.None), 9);
        Assert.Equal(10, await counters.SumAsync("spend", Day.AddDays(1), Day.AddDays(3), CancellationToken.None), 9);
        Assert.Equal(0, await counters.SumAsync("spend", Day.AddDays(-3), Day.AddDays(-1), CancellationToken.None));
        Assert.Equal(1, await counters.SumAsync("not_sampled|app=客服/bot?#1", Day, Day, CancellationToken.None));
        Assert.Equal(0, await counters.SumAsync("never", Day, Day, CancellationToken.None));
    }

    /// <summary>Two instances adding at once lose nothing.</summary>
    public static async Task ConcurrentAdds_FromTwoInstances_AllCounted(IDailyCounters first, IDailyCounters second)
    {
        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? first : second).AddAsync("calls", Day, 1, CancellationToken.None)));

        Assert.Equal(60, await first.SumAsync("calls", Day, Day, CancellationToken.None));
        Assert.Equal(60, await second.SumAsync("calls", Day, Day, CancellationToken.None));
    }
}
