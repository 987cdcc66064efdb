using ScoreJobs.Jobs;
using ScoreJobs.Metrics;
using ScoreJobs.Requests;

namespace ScoreJobs.Storage;

/// <summary>What every <see cref="IJobStore"/> adapter must do; one subclass per adapter runs it against the real medium.</summary>
public abstract class JobStoreContractTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A store over an empty medium (its own folder or container).</summary>
    protected abstract IJobStore CreateSut();

    protected static JobRecord NewRecord(DateTimeOffset? createdAt = null, string question = "Is the sky blue?")
    {
        var created = createdAt ?? Start;
        return new JobRecord
        {
            JobId = JobId.New(created),
            Status = JobStatus.Queued,
            CreatedAt = created,
            RequestSummary = new RequestSummary { Question = question, Metrics = [MetricNames.Faithfulness] },
            Request = new ScoreRequest { Question = question, Answer = "Yes.", Contexts = ["The sky is blue."] },
        };
    }

    [Fact]
    public async Task TryCreateAsync_NewRecord_GetReturnsIt()
    {
        var store = CreateSut();
        var record = NewRecord();

        Assert.True(await store.TryCreateAsync(record, CancellationToken.None));

        var stored = await store.GetAsync(record.JobId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(record.JobId, stored.Record.JobId);
        Assert.Equal(JobStatus.Queued, stored.Record.Status);
        Assert.Equal(record.CreatedAt, stored.Record.CreatedAt);
        Assert.Equal("Yes.", stored.Record.Request?.Answer);
        Assert.False(string.IsNullOrEmpty(stored.ETag));
    }

    [Fact]
    public async Task TryCreateAsync_ExistingId_FalseAndFirstKept()
    {
        var store = CreateSut();
        var record = NewRecord(question: "first");
        await store.TryCreateAsync(record, CancellationToken.None);

        var created = await store.TryCreateAsync(record with { RequestSummary = new RequestSummary { Question = "second" } }, CancellationToken.None);

        Assert.False(created);
        Assert.Equal("first", (await store.GetAsync(record.JobId, CancellationToken.None))!.Record.RequestSummary.Question);
    }

    [Fact]
    public async Task GetAsync_Unknown_Null()
    {
        var store = CreateSut();

        Assert.Null(await store.GetAsync(JobId.New(Start), CancellationToken.None));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("idempotency/x")]
    [InlineData("")]
    public async Task GetAsync_NotAnId_Null(string jobId)
    {
        var store = CreateSut();

        Assert.Null(await store.GetAsync(jobId, CancellationToken.None));
    }

    [Fact]
    public async Task TryReplaceAsync_CurrentETag_ReplacesAndChangesETag()
    {
        var store = CreateSut();
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);
        var before = (await store.GetAsync(record.JobId, CancellationToken.None))!;

        var replaced = await store.TryReplaceAsync(before.Record with { Status = JobStatus.Running, Attempts = 1 }, before.ETag, CancellationToken.None);

        Assert.True(replaced);
        var after = (await store.GetAsync(record.JobId, CancellationToken.None))!;
        Assert.Equal(JobStatus.Running, after.Record.Status);
        Assert.Equal(1, after.Record.Attempts);
        Assert.NotEqual(before.ETag, after.ETag);
    }

    [Fact]
    public async Task TryReplaceAsync_StaleETag_FalseAndFinishedRecordKept()
    {
        var store = CreateSut();
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);
        var stale = (await store.GetAsync(record.JobId, CancellationToken.None))!;
        await store.TryReplaceAsync(stale.Record with { Status = JobStatus.Completed }, stale.ETag, CancellationToken.None);

        var replaced = await store.TryReplaceAsync(stale.Record with { Status = JobStatus.Failed, Error = "late worker" }, stale.ETag, CancellationToken.None);

        Assert.False(replaced);
        Assert.Equal(JobStatus.Completed, (await store.GetAsync(record.JobId, CancellationToken.None))!.Record.Status);
    }

    [Fact]
    public async Task TryReplaceAsync_TwoWorkersSameETag_ExactlyOneWins()
    {
        var store = CreateSut();
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);
        var seen = (await store.GetAsync(record.JobId, CancellationToken.None))!;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            store.TryReplaceAsync(seen.Record with { Status = JobStatus.Completed, LatencyMs = i }, seen.ETag, CancellationToken.None)));

        Assert.Single(results, won => won);
    }

    [Fact]
    public async Task TryReplaceAsync_Missing_False()
    {
        var store = CreateSut();
        var record = NewRecord();
        await store.TryCreateAsync(NewRecord(Start.AddSeconds(1)), CancellationToken.None);

        Assert.False(await store.TryReplaceAsync(record, "\"0x8D000000000000\"", CancellationToken.None));
    }

    [Fact]
    public async Task ScanAsync_Empty_YieldsNothing()
    {
        var store = CreateSut();

        Assert.Empty(await ToListAsync(store.ScanAsync(null, 10, CancellationToken.None)));
    }

    [Fact]
    public async Task ScanAsync_NoCursor_NewestFirstAsListItems()
    {
        var store = CreateSut();
        var records = Enumerable.Range(0, 5).Select(i => NewRecord(Start.AddMinutes(i), $"question {i}")).ToList();
        foreach (var record in records.OrderBy(_ => Guid.NewGuid())) await store.TryCreateAsync(record, CancellationToken.None);

        var listed = await ToListAsync(store.ScanAsync(null, 10, CancellationToken.None));

        Assert.Equal(records.Select(r => r.JobId).Reverse(), listed.Select(r => r.JobId));
        Assert.All(listed, item => Assert.Null(item.Request));
        Assert.Equal("question 4", listed[0].RequestSummary.Question);
    }

    [Fact]
    public async Task ScanAsync_AfterJobId_PagesThroughEachRecordOnce()
    {
        var store = CreateSut();
        var records = Enumerable.Range(0, 7).Select(i => NewRecord(Start.AddSeconds(i))).ToList();
        foreach (var record in records) await store.TryCreateAsync(record, CancellationToken.None);

        var pages = new List<List<string>>();
        string? cursor = null;
        do
        {
            var page = await ToListAsync(store.ScanAsync(cursor, 3, CancellationToken.None), take: 3);
            pages.Add(page.Select(r => r.JobId).ToList());
            cursor = page.Count == 3 ? page[^1].JobId : null;
        }
        while (cursor is not null);

        Assert.Equal(records.Select(r => r.JobId).Reverse(), pages.SelectMany(p => p));
        Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
    }

    [Fact]
    public async Task ScanAsync_AfterOldest_YieldsNothing()
    {
        var store = CreateSut();
        var oldest = NewRecord(Start);
        await store.TryCreateAsync(oldest, CancellationToken.None);
        await store.TryCreateAsync(NewRecord(Start.AddSeconds(1)), CancellationToken.None);

        Assert.Empty(await ToListAsync(store.ScanAsync(oldest.JobId, 10, CancellationToken.None)));
    }

    [Fact]
    public async Task ScanAsync_AfterReplace_ShowsNewStatus()
    {
        var store = CreateSut();
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);
        var stored = (await store.GetAsync(record.JobId, CancellationToken.None))!;
        await store.TryReplaceAsync(
            stored.Record with
            {
                Status = JobStatus.Completed,
                Scores = new Dictionary<string, double?> { [MetricNames.Faithfulness] = 0.75 },
                WeightedScore = 0.75,
                Details = new Dictionary<string, MetricResult> { [MetricNames.Faithfulness] = MetricResult.Ok(0.75, "3 of 4 claims") },
            },
            stored.ETag,
            CancellationToken.None);

        var item = Assert.Single(await ToListAsync(store.ScanAsync(null, 10, CancellationToken.None)));

        Assert.Equal(JobStatus.Completed, item.Status);
        Assert.Equal(0.75, item.WeightedScore);
        Assert.Null(item.Details);
    }

    [Fact]
    public async Task ScanAsync_WithIdempotencyClaims_ListsOnlyJobs()
    {
        var store = CreateSut();
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);
        await store.ClaimIdempotencyKeyAsync("a1b2c3", new IdempotencyClaim(record.JobId, "hash"), CancellationToken.None);

        var listed = await ToListAsync(store.ScanAsync(null, 10, CancellationToken.None));

        Assert.Equal([record.JobId], listed.Select(r => r.JobId));
    }

    [Fact]
    public async Task ClaimIdempotencyKeyAsync_SecondClaim_ReturnsFirst()
    {
        var store = CreateSut();
        var first = new IdempotencyClaim(JobId.New(Start), "request-1");
        var second = new IdempotencyClaim(JobId.New(Start), "request-2");

        var firstResult = await store.ClaimIdempotencyKeyAsync("key-hash", first, CancellationToken.None);
        var secondResult = await store.ClaimIdempotencyKeyAsync("key-hash", second, CancellationToken.None);

        Assert.Equal(first, firstResult);
        Assert.Equal(first, secondResult);
    }

    [Fact]
    public async Task ClaimIdempotencyKeyAsync_ConcurrentClaims_AllGetTheSameWinner()
    {
        var store = CreateSut();
        var claims = Enumerable.Range(0, 6).Select(i => new IdempotencyClaim(JobId.New(Start), $"request-{i}")).ToList();

        var results = await Task.WhenAll(claims.Select(c => store.ClaimIdempotencyKeyAsync("racing-key", c, CancellationToken.None)));

        Assert.Single(results.Distinct());
        Assert.Contains(results[0], claims);
    }

    protected static async Task<List<JobRecord>> ToListAsync(IAsyncEnumerable<JobRecord> items, int take = int.MaxValue)
    {
        var list = new List<JobRecord>();
        await foreach (var item in items)
        {
            if (list.Count == take) break;
            list.Add(item);
        }

        return list;
    }
}
