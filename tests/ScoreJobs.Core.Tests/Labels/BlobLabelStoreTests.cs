using ScoreJobs.Requests;
using Microsoft.Extensions.Logging.Abstractions;
using ScoreJobs.Records;
using ScoreJobs.Storage.Azure;

namespace ScoreJobs.Labels;

public sealed class BlobLabelStoreTests(AzuriteFixture azurite) : LabelStoreContractTests, IClassFixture<AzuriteFixture>
{
    private readonly HttpClient _httpClient = new();
    private readonly string _container = AzuriteFixture.UniqueName("labels");

    protected override async Task<ILabelStore> CreateSutAsync()
    {
        var container = azurite.Settings.CreateBlobServiceClient(StorageClients.BlobOptions(_httpClient)).GetBlobContainerClient(_container);
        await container.CreateIfNotExistsAsync();
        return new BlobLabelStore(container);
    }

    [Fact]
    public async Task TryWriteAsync_JobListingSkipsTheLabelsPrefix()
    {
        var jobs = new BlobJobStore(azurite.Settings, _container, _httpClient, NullLogger<BlobJobStore>.Instance);
        var store = await CreateSutAsync();
        var jobId = JobId.New(DateTimeOffset.UtcNow);
        await jobs.TryCreateAsync(new JobRecord
        {
            JobId = jobId, Status = JobStatus.Queued, CreatedAt = DateTimeOffset.UtcNow, RequestSummary = new RequestSummary { Question = "q" },
            Request = new ScoreRequest { Question = "q" },
        }, CancellationToken.None);

        await store.TryWriteAsync(jobId, [Label("alice", rating: "good")], null, CancellationToken.None);

        Assert.Equal([jobId], (await jobs.ListItemsAsync(null, 1, CancellationToken.None).ToListAsync()).Select(j => j.JobId));
    }
}
