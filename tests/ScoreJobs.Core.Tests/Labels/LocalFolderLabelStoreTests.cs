using ScoreJobs.Fakes;
using ScoreJobs.Storage.Local;

namespace ScoreJobs.Labels;

public sealed class LocalFolderLabelStoreTests : LabelStoreContractTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"));

    protected override Task<ILabelStore> CreateSutAsync() =>
        Task.FromResult<ILabelStore>(new LocalFolderLabelStore(TestOptions.Create(o => o.JobsDirectory = _folder)));

    [Fact]
    public async Task TryWriteAsync_KeepsLabelsOutOfTheRecordsFolderListing()
    {
        var jobs = new LocalFolderJobStore(TestOptions.Create(o => o.JobsDirectory = _folder), TestLogger.For<LocalFolderJobStore>());
        var store = await CreateSutAsync();
        var jobId = Records.JobId.New(DateTimeOffset.UtcNow);

        await store.TryWriteAsync(jobId, [Label("alice", rating: "good")], null, CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(_folder, ".labels", jobId + ".json")));
        Assert.Empty(await jobs.ListItemsAsync(null, 10, CancellationToken.None).ToListAsync());
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
