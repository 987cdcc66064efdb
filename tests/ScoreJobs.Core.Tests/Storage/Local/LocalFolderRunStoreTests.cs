using ScoreJobs.Fakes;

namespace ScoreJobs.Storage.Local;

public sealed class LocalFolderRunStoreTests : RunStoreContractTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"));
    private readonly List<LocalFolderRunStore> _stores = [];

    protected override IRunStore CreateSut()
    {
        var store = new LocalFolderRunStore(TestOptions.Create(o => o.JobsDirectory = _folder));
        _stores.Add(store);
        return store;
    }

    [Fact]
    public async Task TryCreateAsync_WritesTheManifestBesideItsChunks()
    {
        var manifest = NewManifest();

        await CreateSut().TryCreateAsync(manifest, Chunks(1, 1), CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(_folder, ".runs", manifest.RunId + ".json")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_folder, ".runs", manifest.RunId)).Length);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp", SearchOption.AllDirectories));
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
