namespace ScoreJobs.Storage.Azure;

public sealed class BlobRunStoreContractTests(AzuriteFixture azurite) : RunStoreContractTests, IClassFixture<AzuriteFixture>
{
    protected override IRunStore CreateSut() => new BlobRunStore(azurite.Container(AzuriteFixture.UniqueName("runs")));
}
