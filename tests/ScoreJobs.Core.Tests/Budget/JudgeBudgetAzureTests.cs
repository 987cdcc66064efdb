using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Fakes;
using ScoreJobs.Index.Tables;
using ScoreJobs.Judge;
using ScoreJobs.Storage.Azure;

namespace ScoreJobs.Budget;

/// <summary>Two instances (two servers, or two Function instances) on one Storage account share one budget, over Azurite.</summary>
public sealed class JudgeBudgetAzureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 23, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task AddAsync_TwoInstancesSpendingAtOnce_BothSeeTheSumAndTheBudgetReached()
    {
        var container = AzuriteFixture.UniqueName("budget");
        var first = CreateSut(container, 1.00m);
        var second = CreateSut(container, 1.00m);

        // 39 calls of 0.025 from both at once: 0.975, not yet the budget.
        await Task.WhenAll(Enumerable.Range(0, 39).Select(i => (i % 2 == 0 ? first : second).AddAsync(Paid(0.025m), CancellationToken.None)));
        Assert.False(await first.IsExhaustedAsync(CancellationToken.None));
        Assert.False(await second.IsExhaustedAsync(CancellationToken.None));

        await first.AddAsync(Paid(0.025m), CancellationToken.None);

        var seenBySecond = await second.ReadAsync(CancellationToken.None);
        Assert.Equal((1.00m, 1.000000m, true), (seenBySecond.Limit!.Value, seenBySecond.Spent, seenBySecond.Exhausted));
        Assert.True(await first.IsExhaustedAsync(CancellationToken.None));

        // The next UTC day starts afresh for both.
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal((0m, false), ((await second.ReadAsync(CancellationToken.None)).Spent, await first.IsExhaustedAsync(CancellationToken.None)));
    }

    // The counters' conflict retries wait on real time; the budget's day is the fake clock's.
    private JudgeBudget CreateSut(string container, decimal limit)
    {
        var table = azurite.Settings.CreateTableServiceClient(TableIndexClients.Options()).GetTableClient(TableDailyCounters.TableNameFor(container));
        return new JudgeBudget(new TableDailyCounters(table, TimeProvider.System), new TestOptionsMonitor<JudgeOptions>(new JudgeOptions { DailyBudget = limit }), _clock, TestLogger.For<JudgeBudget>());
    }

    private static TokenUsage Paid(decimal cost) => new(0, 1000, 100) { Cost = cost, Currency = "USD" };
}
