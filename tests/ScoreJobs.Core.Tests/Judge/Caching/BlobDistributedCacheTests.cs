using Microsoft.Extensions.Caching.Distributed;
using ScoreJobs.Storage.Azure;

namespace ScoreJobs.Judge.Caching;

/// <summary>The blob store against a real Azurite: the same contract as the folder.</summary>
public sealed class BlobDistributedCacheTests(AzuriteFixture azurite) : DistributedCacheContractTests, IClassFixture<AzuriteFixture>
{
    private readonly string _container = AzuriteFixture.UniqueName("cache");

    [Fact]
    public async Task SetAsync_ContainerMissing_CreatesItAndStoresTheExpiryInMetadata()
    {
        var sut = CreateSut();

        await sut.SetAsync("ABCDEF", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(2) });

        var properties = (await azurite.Container(_container).GetBlobClient("ABCDEF").GetPropertiesAsync()).Value;
        Assert.Equal(Time.GetUtcNow().AddHours(2).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), properties.Metadata["expires"]);
    }

    private protected override IDistributedCache CreateSut() =>
        new BlobDistributedCache(azurite.Settings.CreateBlobServiceClient(StorageClients.BlobOptions()).GetBlobContainerClient(_container), Time);
}
