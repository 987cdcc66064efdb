using Azure.Data.Tables;
using ScoreJobs.Index.Tables;

namespace ScoreJobs.Storage.Azure;

public sealed class TableDailyCountersTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private TableClient Table(string container) =>
        azurite.Settings.CreateTableServiceClient(TableIndexClients.Options()).GetTableClient(TableDailyCounters.TableNameFor(container));

    [Fact]
    public async Task AddThenSum_ByNameAndDayRange() =>
        await DailyCountersContract.AddThenSum_ByNameAndDayRange(new TableDailyCounters(Table(AzuriteFixture.UniqueName("counters")), TimeProvider.System));

    [Fact]
    public async Task ConcurrentAdds_FromTwoInstances_AllCounted()
    {
        var container = AzuriteFixture.UniqueName("counters");
        await DailyCountersContract.ConcurrentAdds_FromTwoInstances_AllCounted(new TableDailyCounters(Table(container), TimeProvider.System), new TableDailyCounters(Table(container), TimeProvider.System));
    }

    [Fact]
    public void TableNameFor_Container_LettersAndDigitsThenCounters() =>
        Assert.Equal("scorejobscounters", TableDailyCounters.TableNameFor("score-jobs"));
}
