using Microsoft.Extensions.Logging.Abstractions;

namespace ScoreJobs.Storage.Azure;

public sealed class BlobJobStoreContractTests(AzuriteFixture azurite) : JobStoreContractTests, IClassFixture<AzuriteFixture>
{
    private readonly HttpClient _httpClient = new();

    protected override IJobStore CreateSut() =>
        new BlobJobStore(azurite.Settings, AzuriteFixture.UniqueName("jobs"), _httpClient, NullLogger<BlobJobStore>.Instance);
}
