using ScoreJobs.Records;
using System.Text.Json;
using ScoreJobs.Fakes;
using ScoreJobs.Jobs;

namespace ScoreJobs.Storage.Local;

public sealed class LocalFolderJobStoreTests : JobStoreContractTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"));

    protected override IJobStore CreateSut() => CreateLocal();

    private LocalFolderJobStore CreateLocal() =>
        new(TestOptions.Create(o => o.JobsDirectory = _folder), TestLogger.For<LocalFolderJobStore>());

    [Fact]
    public async Task TryCreateAsync_WritesOneReadableJsonFilePerJob()
    {
        var record = NewRecord();
        await CreateLocal().TryCreateAsync(record, CancellationToken.None);

        var text = await File.ReadAllTextAsync(Path.Combine(_folder, record.JobId + ".json"));

        using var json = JsonDocument.Parse(text);
        Assert.Equal(record.JobId, json.RootElement.GetProperty("job_id").GetString());
        Assert.Equal("queued", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("什么是检索增强生成", text);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public async Task NewInstance_SameFolder_SeesEarlierRecords()
    {
        var record = NewRecord();
        await CreateLocal().TryCreateAsync(record, CancellationToken.None);

        var reopened = CreateLocal();

        Assert.NotNull(await reopened.GetAsync(record.JobId, CancellationToken.None));
        Assert.Single(await ToListAsync(reopened.ListItemsAsync(null, 10, CancellationToken.None)));
    }

    [Fact]
    public async Task NewInstance_CorruptAndForeignFilesLeftOut_StaleTemporaryFilesDeletable()
    {
        var record = NewRecord();
        await CreateLocal().TryCreateAsync(record, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(_folder, JobId.New(DateTimeOffset.UtcNow) + ".json"), "{ not json");
        await File.WriteAllTextAsync(Path.Combine(_folder, "notes.json"), "{}");
        await File.WriteAllTextAsync(Path.Combine(_folder, "." + record.JobId + ".json.abc.tmp"), "half");

        var reopened = CreateLocal();

        Assert.Equal(record.JobId, Assert.Single(await ToListAsync(reopened.ListItemsAsync(null, 10, CancellationToken.None))).JobId);
        Assert.Equal(1, reopened.DeleteStaleTemporaryFiles());
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public async Task GetAsync_PathTraversalId_IsNull()
    {
        Assert.Null(await CreateLocal().GetAsync("../../etc/passwd", CancellationToken.None));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
