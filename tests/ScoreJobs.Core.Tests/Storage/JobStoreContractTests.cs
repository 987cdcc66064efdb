using ScoreJobs.Jobs;
using ScoreJobs.Metrics;
using ScoreJobs.Records;
using ScoreJobs.Requests;

namespace ScoreJobs.Storage;

/// <summary>What every <see cref="IJobStore"/> adapter must do; one subclass per adapter.</summary>
public abstract class JobStoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    protected abstract IJobStore CreateSut();

    protected static JobRecord NewRecord(DateTimeOffset? createdAt = null, string question = "什么是检索增强生成？") =>
        new()
        {
            JobId = JobId.New(createdAt ?? T0),
            Status = JobStatus.Queued,
            CreatedAt = createdAt ?? T0,
            RequestSummary = new RequestSummary { Question = question, Metrics = ["token_f1"], Metadata = new Dictionary<string, string> { ["app"] = "dify" } },
            Scores = new Dictionary<string, double?> { ["token_f1"] = null },
            Request = new ScoreRequest { Question = question, Answer = "答案", Contexts = ["上下文"], GroundTruth = "参考" },
        };

    [Fact]
    public async Task TryCreateAsync_NewRecord_CanBeReadBackWhole()
    {
        var store = CreateSut();
        var record = NewRecord();

        Assert.True(await store.TryCreateAsync(record, CancellationToken.None));
        var stored = await store.GetAsync(record.JobId, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(record.JobId, stored.Record.JobId);
        Assert.Equal(record.Request!.Contexts, stored.Record.Request!.Contexts);
        Assert.Equal("dify", stored.Record.RequestSummary.Metadata!["app"]);
        Assert.False(string.IsNullOrEmpty(stored.ETag));
    }

    [Fact]
    public async Task TryCreateAsync_ExistingId_IsFalseAndKeepsFirst()
    {
        var store = CreateSut();
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);

        Assert.False(await store.TryCreateAsync(record with { Error = "second" }, CancellationToken.None));
        Assert.Null((await store.GetAsync(record.JobId, CancellationToken.None))!.Record.Error);
    }

    [Fact]
    public async Task GetAsync_Unknown_IsNull()
    {
        Assert.Null(await CreateSut().GetAsync(JobId.New(T0), CancellationToken.None));
    }

    [Fact]
    public async Task TryReplaceAsync_CurrentETag_ReplacesAndGivesNewETag()
    {
        var store = CreateSut();
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);
        var stored = await store.GetAsync(record.JobId, CancellationToken.None);

        var etag = await store.TryReplaceAsync(record with { Status = JobStatus.Running }, stored!.ETag, CancellationToken.None);

        Assert.NotNull(etag);
        Assert.NotEqual(stored.ETag, etag);
        var reread = await store.GetAsync(record.JobId, CancellationToken.None);
        Assert.Equal(JobStatus.Running, reread!.Record.Status);
        Assert.Equal(etag, reread.ETag);
    }

    [Fact]
    public async Task TryReplaceAsync_StaleETag_IsNullAndChangesNothing()
    {
        var store = CreateSut();
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);
        var first = await store.GetAsync(record.JobId, CancellationToken.None);
        await store.TryReplaceAsync(record with { Status = JobStatus.Running }, first!.ETag, CancellationToken.None);

        var etag = await store.TryReplaceAsync(record with { Status = JobStatus.Completed }, first.ETag, CancellationToken.None);

        Assert.Null(etag);
        Assert.Equal(JobStatus.Running, (await store.GetAsync(record.JobId, CancellationToken.None))!.Record.Status);
    }

    [Fact]
    public async Task ListItemsAsync_NewestFirst_PagesAfterCursorAsListItemsNotRecords()
    {
        var store = CreateSut();
        var records = Enumerable.Range(0, 7).Select(i => NewRecord(T0.AddSeconds(i), $"question {i}")).ToList();
        foreach (var record in records) await store.TryCreateAsync(record, CancellationToken.None);

        var all = await ToListAsync(store.ListItemsAsync(null, 3, CancellationToken.None));
        var afterThird = await ToListAsync(store.ListItemsAsync(all[2].JobId, 3, CancellationToken.None));

        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => $"question {i}"), all.Select(r => r.RequestSummary.Question));
        Assert.All(all, r => Assert.Equal(typeof(JobListItem), r.GetType()));
        Assert.Equal(all.Skip(3).Select(r => r.JobId), afterThird.Select(r => r.JobId));
    }

    [Fact]
    public async Task ListItemsAsync_ReflectsReplacedStatus()
    {
        var store = CreateSut();
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);
        var stored = await store.GetAsync(record.JobId, CancellationToken.None);
        await store.TryReplaceAsync(record with { Status = JobStatus.Completed, WeightedScore = 0.5 }, stored!.ETag, CancellationToken.None);

        var item = Assert.Single(await ToListAsync(store.ListItemsAsync(null, 10, CancellationToken.None)));

        Assert.Equal(JobStatus.Completed, item.Status);
        Assert.Equal(0.5, item.WeightedScore);
    }

    [Fact]
    public async Task ListItemsAsync_Empty_YieldsNothing()
    {
        Assert.Empty(await ToListAsync(CreateSut().ListItemsAsync(null, 10, CancellationToken.None)));
    }

    [Fact]
    public async Task ClaimIdempotencyKeyAsync_FirstClaimWins()
    {
        var store = CreateSut();
        var first = new IdempotencyClaim(JobId.New(T0), "hash-1");
        var second = new IdempotencyClaim(JobId.New(T0), "hash-2");

        Assert.Equal(first, await store.ClaimIdempotencyKeyAsync("key", first, CancellationToken.None));
        Assert.Equal(first, await store.ClaimIdempotencyKeyAsync("key", second, CancellationToken.None));
        Assert.Equal(second, await store.ClaimIdempotencyKeyAsync("other", second, CancellationToken.None));
    }

    [Fact]
    public async Task TryReplaceAsync_RacingWriters_OnlyOneWins()
    {
        var store = CreateSut();
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);
        var stored = await store.GetAsync(record.JobId, CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            store.TryReplaceAsync(record with { Status = JobStatus.Completed, Error = $"writer {i}" }, stored!.ETag, CancellationToken.None)));

        Assert.Single(results, r => r is not null);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("idempotency/x")]
    [InlineData("")]
    public async Task GetAsync_NotAnId_IsNull(string jobId)
    {
        Assert.Null(await CreateSut().GetAsync(jobId, CancellationToken.None));
    }

    [Fact]
    public async Task TryReplaceAsync_Missing_IsNull()
    {
        var store = CreateSut();
        await store.TryCreateAsync(NewRecord(T0.AddSeconds(1)), CancellationToken.None);

        Assert.Null(await store.TryReplaceAsync(NewRecord(), "\"0x8D000000000000\"", CancellationToken.None));
    }

    [Fact]
    public async Task TryReplaceAsync_StaleETagAfterFinish_FinishedRecordKept()
    {
        var store = CreateSut();
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);
        var stale = (await store.GetAsync(record.JobId, CancellationToken.None))!;
        await store.TryReplaceAsync(record with { Status = JobStatus.Completed, WeightedScore = 0.9 }, stale.ETag, CancellationToken.None);

        Assert.Null(await store.TryReplaceAsync(record with { Status = JobStatus.Failed, Error = "late worker" }, stale.ETag, CancellationToken.None));
        var kept = (await store.GetAsync(record.JobId, CancellationToken.None))!.Record;
        Assert.Equal(JobStatus.Completed, kept.Status);
        Assert.Null(kept.Error);
    }

    [Fact]
    public async Task ListItemsAsync_PagesOfThree_EachRecordOnceNewestFirst()
    {
        var store = CreateSut();
        var records = Enumerable.Range(0, 7).Select(i => NewRecord(T0.AddSeconds(i))).ToList();
        foreach (var record in records.OrderBy(_ => Guid.NewGuid())) await store.TryCreateAsync(record, CancellationToken.None);

        var pages = new List<List<string>>();
        string? cursor = null;
        do
        {
            var page = await ToListAsync(store.ListItemsAsync(cursor, 4, CancellationToken.None), take: 3);
            pages.Add(page.Select(r => r.JobId).ToList());
            cursor = page.Count == 3 ? page[^1].JobId : null;
        }
        while (cursor is not null);

        Assert.Equal(records.Select(r => r.JobId).Reverse(), pages.SelectMany(p => p));
        Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
    }

    [Fact]
    public async Task ListItemsAsync_AfterOldest_YieldsNothing()
    {
        var store = CreateSut();
        var oldest = NewRecord(T0);
        await store.TryCreateAsync(oldest, CancellationToken.None);
        await store.TryCreateAsync(NewRecord(T0.AddSeconds(1)), CancellationToken.None);

        Assert.Empty(await ToListAsync(store.ListItemsAsync(oldest.JobId, 10, CancellationToken.None)));
    }

    [Fact]
    public async Task ListItemsAsync_WithIdempotencyClaims_ListsOnlyJobs()
    {
        var store = CreateSut();
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);
        await store.ClaimIdempotencyKeyAsync("a1b2c3", new IdempotencyClaim(record.JobId, "hash"), CancellationToken.None);

        Assert.Equal([record.JobId], (await ToListAsync(store.ListItemsAsync(null, 10, CancellationToken.None))).Select(r => r.JobId));
    }

    [Fact]
    public async Task ClaimIdempotencyKeyAsync_ConcurrentClaims_AllGetTheSameWinner()
    {
        var store = CreateSut();
        var claims = Enumerable.Range(0, 6).Select(i => new IdempotencyClaim(JobId.New(T0), $"request-{i}")).ToList();

        var results = await Task.WhenAll(claims.Select(c => store.ClaimIdempotencyKeyAsync("racing-key", c, CancellationToken.None)));

        Assert.Single(results.Distinct());
        Assert.Contains(results[0], claims);
    }

    protected static async Task<List<JobListItem>> ToListAsync(IAsyncEnumerable<JobListItem> items, int take)
    {
        var list = new List<JobListItem>();
        await foreach (var item in items)
        {
            if (list.Count == take) break;
            list.Add(item);
        }

        return list;
    }

    protected static async Task<List<JobListItem>> ToListAsync(IAsyncEnumerable<JobListItem> items)
    {
        var list = new List<JobListItem>();
        await foreach (var item in items) list.Add(item);
        return list;
    }
}
