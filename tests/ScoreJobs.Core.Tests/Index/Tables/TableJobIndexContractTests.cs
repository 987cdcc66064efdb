using ScoreJobs.Fakes;

namespace ScoreJobs.Index.Tables;

public sealed class TableJobIndexContractTests(AzuriteFixture azurite) : JobIndexContractTests, IClassFixture<AzuriteFixture>
{
    protected override IJobIndex CreateSut() => new TableJobIndex(azurite.Table(AzuriteFixture.UniqueName("jobs")), TestLogger.For<TableJobIndex>());
}
