using ScoreJobs.Records;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ScoreJobs.Fakes;
using ScoreJobs.Index.Sqlite;
using ScoreJobs.Index.Tables;
using ScoreJobs.Jobs;
using ScoreJobs.Labels;
using ScoreJobs.Requests;
using ScoreJobs.Storage.Azure;
using ScoreJobs.Storage.Local;

namespace ScoreJobs.Index;

/// <summary>A record and its index entry after a crash between the two writes: they agree once the index is repaired.</summary>
public sealed class IndexedJobStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private readonly Microsoft.Extensions.Options.IOptions<ScoreJobsOptions> _options = TestOptions.Create();
    private readonly List<IDisposable> _disposables = [];

    [Fact]
    public async Task TryReplaceAsync_KilledBeforeTheIndexWrite_StartupRepairMakesTheEntryMatchTheRecord()
    {
        var (_, index, store) = Start(dying: true);
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);
        var stored = await store.GetAsync(record.JobId, CancellationToken.None);
        ((DyingIndex)store.Index).Armed = true;

        await Assert.ThrowsAsync<IOException>(() => store.TryReplaceAsync(record with { Status = JobStatus.Completed, WeightedScore = 0.8 }, stored!.ETag, CancellationToken.None));
        Assert.Equal(JobStatus.Queued, Assert.Single((await index.ListAsync(JobFilter.None, 10, null, CancellationToken.None)).Jobs).Status);

        var (restarted, after) = await RestartAsync();

        var onDisk = (await after.GetAsync(record.JobId, CancellationToken.None))!.Record;
        var listed = Assert.Single((await restarted.ListAsync(JobFilter.None, 10, null, CancellationToken.None)).Jobs);
        Assert.Equal(JobStatus.Completed, onDisk.Status);
        Assert.Equal(onDisk.Status, listed.Status);
        Assert.Equal(onDisk.WeightedScore, listed.WeightedScore);
        Assert.Empty(await restarted.UnsettledAsync(CancellationToken.None));
        Assert.Equal(1, (await restarted.StatsAsync(JobFilter.None, CancellationToken.None)).ByStatus["completed"]);
    }

    [Fact]
    public async Task TryCreateAsync_KilledBeforeTheIndexWrite_StartupRepairListsTheRecord()
    {
        var (_, index, store) = Start(dying: true);
        var record = NewRecord();
        ((DyingIndex)store.Index).Armed = true;

        await Assert.ThrowsAsync<IOException>(() => store.TryCreateAsync(record, CancellationToken.None));
        Assert.Empty((await index.ListAsync(JobFilter.None, 10, null, CancellationToken.None)).Jobs);

        var (restarted, _) = await RestartAsync();

        Assert.Equal(record.JobId, Assert.Single((await restarted.ListAsync(new JobFilter { Tags = [new("app", "faq")] }, 10, null, CancellationToken.None)).Jobs).JobId);
        Assert.Single(await ToListAsync(restarted.PendingAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task Start_IndexFileDeleted_RebuiltFromTheRecords()
    {
        var (_, index, store) = Start();
        for (var i = 0; i < 5; i++) await store.TryCreateAsync(NewRecord(T0.AddSeconds(i)), CancellationToken.None);
        index.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(index.FilePath);

        var (restarted, _) = await RestartAsync();

        Assert.Equal(5, (await restarted.StatsAsync(JobFilter.None, CancellationToken.None)).ByStatus["queued"]);
        Assert.Equal(5, (await restarted.ListAsync(JobFilter.None, 10, null, CancellationToken.None)).Jobs.Count);
    }

    [Fact]
    public async Task Start_IndexFileDeleted_LabelsRestoredFromTheLabelStore()
    {
        var (_, index, store) = Start();
        var record = NewRecord() with { Status = JobStatus.Completed, Scores = new Dictionary<string, double?> { ["token_f1"] = 0.9 }, WeightedScore = 0.9 };
        await store.TryCreateAsync(record, CancellationToken.None);
        var labels = new IndexedLabelStore(Track(new LocalFolderLabelStore(_options)), index);
        await labels.TryWriteAsync(record.JobId, [new JobLabel { Rater = "ana", Scores = new Dictionary<string, double> { ["token_f1"] = 0.25 }, Rating = "bad", UpdatedAt = T0 }], null, CancellationToken.None);
        Assert.Single(await index.LabelledScoresAsync(JobFilter.None, "token_f1", CancellationToken.None));
        index.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(index.FilePath);

        var (restarted, _) = await RestartAsync();

        var pair = Assert.Single(await restarted.LabelledScoresAsync(JobFilter.None, "token_f1", CancellationToken.None));
        Assert.Equal((record.JobId, 0.9, "ana", 0.25), (pair.JobId, pair.Judge, pair.Rater, pair.Human));
        Assert.Equal(0, Assert.Single(await restarted.LabelledScoresAsync(JobFilter.None, LabelledScore.Rating, CancellationToken.None)).Human);
    }

    [Fact]
    public async Task RefreshAsync_TableEntryStaleAfterACrash_WorkerTouchMakesItMatchTheBlob()
    {
        using var http = new HttpClient();
        var container = AzuriteFixture.UniqueName("jobs");
        var blobs = new BlobJobStore(azurite.Settings, container, http, NullLogger<BlobJobStore>.Instance);
        var table = new TableJobIndex(azurite.Table(container), TestLogger.For<TableJobIndex>());
        var dying = new DyingIndex(table);
        var store = Track(new IndexedJobStore(blobs, dying));
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);
        var stored = await store.GetAsync(record.JobId, CancellationToken.None);
        dying.Armed = true;
        await Assert.ThrowsAsync<IOException>(() => store.TryReplaceAsync(record with { Status = JobStatus.Completed }, stored!.ETag, CancellationToken.None));
        dying.Armed = false;
        Assert.Equal(JobStatus.Queued, Assert.Single((await table.ListAsync(JobFilter.None, 10, null, CancellationToken.None)).Jobs).Status);

        await store.RefreshAsync((await store.GetAsync(record.JobId, CancellationToken.None))!.Record, CancellationToken.None);

        Assert.Equal(JobStatus.Completed, Assert.Single((await table.ListAsync(JobFilter.None, 10, null, CancellationToken.None)).Jobs).Status);
        Assert.Empty((await table.ListAsync(new JobFilter { Status = JobStatus.Queued }, 10, null, CancellationToken.None)).Jobs);
        Assert.Empty(await ToListAsync(table.PendingAsync(CancellationToken.None)));
    }

    public void Dispose()
    {
        foreach (var disposable in _disposables) disposable.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_options.Value.JobsDirectory)) Directory.Delete(_options.Value.JobsDirectory, recursive: true);
    }

    private (LocalFolderJobStore Records, SqliteJobIndex Index, IndexedJobStore Store) Start(bool dying = false)
    {
        var records = Track(new LocalFolderJobStore(_options, TestLogger.For<LocalFolderJobStore>()));
        var index = Track(new SqliteJobIndex(_options, TestLogger.For<SqliteJobIndex>()));
        var store = Track(new IndexedJobStore(records, dying ? new DyingIndex(index) : index));
        return (records, index, store);
    }

    private async Task<(SqliteJobIndex Index, IndexedJobStore Store)> RestartAsync()
    {
        var (records, index, store) = Start();
        await new JobIndexStartupRepair(store, records, index, new JobIndexRebuilder(store, index, Track(new LocalFolderLabelStore(_options))), TestLogger.For<JobIndexStartupRepair>()).StartAsync(CancellationToken.None);
        return (index, store);
    }

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    private static JobRecord NewRecord(DateTimeOffset? createdAt = null) => new()
    {
        JobId = JobId.New(createdAt ?? T0),
        Status = JobStatus.Queued,
        CreatedAt = createdAt ?? T0,
        RequestSummary = new RequestSummary { Question = "q", Metrics = ["token_f1"], Metadata = new Dictionary<string, string> { ["app"] = "faq" } },
        Scores = new Dictionary<string, double?> { ["token_f1"] = null },
        Request = new ScoreRequest { Question = "q", Answer = "a" },
    };

    private static async Task<List<JobListItem>> ToListAsync(IAsyncEnumerable<JobListItem> items)
    {
        var list = new List<JobListItem>();
        await foreach (var item in items) list.Add(item);
        return list;
    }

    /// <summary>An index whose process "dies" (throws) when it is about to write an entry: the record is written, the entry not.</summary>
    private sealed class DyingIndex(IJobIndex inner) : IJobIndex
    {
        public bool Armed { get; set; }

        public Task BeginWriteAsync(string jobId, CancellationToken cancellationToken) => inner.BeginWriteAsync(jobId, cancellationToken);

        public Task UpsertAsync(JobIndexEntry entry, CancellationToken cancellationToken) =>
            Armed ? throw new IOException("killed between the record and its index entry") : inner.UpsertAsync(entry, cancellationToken);

        public Task RemoveAsync(string jobId, CancellationToken cancellationToken) => inner.RemoveAsync(jobId, cancellationToken);

        public Task<IReadOnlyList<string>> UnsettledAsync(CancellationToken cancellationToken) => inner.UnsettledAsync(cancellationToken);

        public Task<JobPage> ListAsync(JobFilter filter, int limit, string? afterJobId, CancellationToken cancellationToken) => inner.ListAsync(filter, limit, afterJobId, cancellationToken);

        public Task<JobStats> StatsAsync(JobFilter filter, CancellationToken cancellationToken) => inner.StatsAsync(filter, cancellationToken);

        public IAsyncEnumerable<JobListItem> PendingAsync(CancellationToken cancellationToken) => inner.PendingAsync(cancellationToken);

        public Task<RunTally> RunTallyAsync(string runId, CancellationToken cancellationToken) => inner.RunTallyAsync(runId, cancellationToken);

        public Task<long> RebuildAsync(IAsyncEnumerable<JobIndexEntry> entries, CancellationToken cancellationToken) => inner.RebuildAsync(entries, cancellationToken);

        public Task SetLabelsAsync(string jobId, IReadOnlyList<JobLabel> labels, CancellationToken cancellationToken) => inner.SetLabelsAsync(jobId, labels, cancellationToken);

        public Task<IReadOnlyList<LabelledScore>> LabelledScoresAsync(JobFilter filter, string metric, CancellationToken cancellationToken) =>
            inner.LabelledScoresAsync(filter, metric, cancellationToken);
    }
}
