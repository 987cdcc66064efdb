using Microsoft.Extensions.Options;

namespace ScoreJobs.Storage.Local;

public sealed class LocalFolderDailyCountersTests : IDisposable
{
    private readonly IOptions<ScoreJobsOptions> _options =
        Options.Create(new ScoreJobsOptions { JobsDirectory = Path.Combine(Path.GetTempPath(), "counters-" + Guid.NewGuid().ToString("N")) });

    [Fact]
    public async Task AddThenSum_ByNameAndDayRange()
    {
        using var counters = new LocalFolderDailyCounters(_options);
        await DailyCountersContract.AddThenSum_ByNameAndDayRange(counters);
    }

    [Fact]
    public async Task ConcurrentAdds_AllCounted()
    {
        using var counters = new LocalFolderDailyCounters(_options);
        await DailyCountersContract.ConcurrentAdds_FromTwoInstances_AllCounted(counters, counters);
    }

    [Fact]
    public async Task Sum_AfterARestart_ReadsWhatWasAdded()
    {
        var day = new DateOnly(2026, 12, 6);
        using (var before = new LocalFolderDailyCounters(_options))
        {
            await before.AddAsync("c", day, 2.5, CancellationToken.None);
        }

        using var after = new LocalFolderDailyCounters(_options);

        Assert.Equal(2.5, await after.SumAsync("c", day, day, CancellationToken.None));
    }

    public void Dispose()
    {
        if (Directory.Exists(_options.Value.JobsDirectory)) Directory.Delete(_options.Value.JobsDirectory, recursive: true);
    }
}
