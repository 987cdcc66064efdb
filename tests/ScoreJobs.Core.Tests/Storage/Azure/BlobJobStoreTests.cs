using ScoreJobs.Requests;
using ScoreJobs.Records;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using ScoreJobs.Jobs;
using ScoreJobs.Json;

namespace ScoreJobs.Storage.Azure;

public sealed class BlobJobStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly CountingHandler _counter = new();

    /// <summary>The store, its requests counted, and the same container through a plain SDK client.</summary>
    private (BlobJobStore Store, BlobContainerClient Blobs) CreateSut()
    {
        var container = AzuriteFixture.UniqueName("jobs");
        _counter.InnerHandler = new SocketsHttpHandler();
        return (new BlobJobStore(azurite.Settings, container, new HttpClient(_counter), NullLogger<BlobJobStore>.Instance), azurite.Container(container));
    }

    [Fact]
    public async Task TryCreateAsync_Record_StoredAsJobIdDotJsonInTheContainer()
    {
        var (store, blobs) = CreateSut();
        var record = NewRecord(Start);

        await store.TryCreateAsync(record, CancellationToken.None);

        var blob = (await blobs.GetBlobClient($"{record.JobId}.json").DownloadContentAsync()).Value;
        Assert.Equal("application/json", blob.Details.ContentType);
        using var json = JsonDocument.Parse(blob.Content);
        Assert.Equal(record.JobId, json.RootElement.GetProperty("job_id").GetString());
        Assert.Equal("queued", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ListItemsAsync_FirstPage_OneListRequestAndNoDownloads()
    {
        var (store, _) = CreateSut();
        var records = Enumerable.Range(0, 30).Select(i => NewRecord(Start.AddSeconds(i))).ToList();
        foreach (var record in records) await store.TryCreateAsync(record, CancellationToken.None);
        _counter.Clear();

        var page = await TakeAsync(store.ListItemsAsync(null, 10, CancellationToken.None), 10);

        Assert.Equal(records.AsEnumerable().Reverse().Take(10).Select(r => r.JobId), page.Select(r => r.JobId));
        var request = Assert.Single(_counter.Requests);
        Assert.Contains("comp=list", request, StringComparison.Ordinal);
        Assert.Contains("include=metadata", request, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ListItemsAsync_PageAfterCursor_OneListRequestStartingThere()
    {
        var (store, _) = CreateSut();
        var records = Enumerable.Range(0, 30).Select(i => NewRecord(Start.AddSeconds(i))).ToList();
        foreach (var record in records) await store.TryCreateAsync(record, CancellationToken.None);
        var newestFirst = records.AsEnumerable().Reverse().ToList();
        _counter.Clear();

        var page = await TakeAsync(store.ListItemsAsync(newestFirst[19].JobId, 5, CancellationToken.None), 5);

        Assert.Equal(newestFirst.Skip(20).Take(5).Select(r => r.JobId), page.Select(r => r.JobId));
        var request = Assert.Single(_counter.Requests);
        Assert.Contains($"startFrom={newestFirst[19].JobId}.json", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListItemsAsync_PastTheFirstListPage_FollowsTheMarker()
    {
        var (store, _) = CreateSut();
        var records = Enumerable.Range(0, 12).Select(i => NewRecord(Start.AddSeconds(i))).ToList();
        foreach (var record in records) await store.TryCreateAsync(record, CancellationToken.None);
        _counter.Clear();

        var all = await TakeAsync(store.ListItemsAsync(null, 2, CancellationToken.None), int.MaxValue);

        Assert.Equal(records.AsEnumerable().Reverse().Select(r => r.JobId), all.Select(r => r.JobId));
        Assert.True(_counter.Requests.Count > 1, "expected more than one list page");
        Assert.All(_counter.Requests, r => Assert.Contains("comp=list", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListItemsAsync_LongError_ListItemClippedAndBlobKeepsItWhole()
    {
        var (store, _) = CreateSut();
        var error = "The judge refused: " + new string('x', 20_000);
        var record = NewRecord(Start) with { Status = JobStatus.Failed, Error = error };
        await store.TryCreateAsync(record, CancellationToken.None);
        _counter.Clear();

        var item = Assert.Single(await TakeAsync(store.ListItemsAsync(null, 10, CancellationToken.None), 10));

        Assert.Single(_counter.Requests);
        Assert.StartsWith("The judge refused: xxx", item.Error, StringComparison.Ordinal);
        Assert.True(item.Error!.Length <= JobListItemMetadata.ClippedErrorLength + 1, $"list error has {item.Error.Length} chars");
        Assert.Equal(error, (await store.GetAsync(record.JobId, CancellationToken.None))!.Record.Error);
    }

    [Fact]
    public async Task ListItemsAsync_TagsTooLargeForMetadata_DownloadsThatBlobAndKeepsTags()
    {
        var (store, _) = CreateSut();
        var tags = Enumerable.Range(0, 60).ToDictionary(i => $"tag{i}", i => new string('t', 100));
        var large = NewRecord(Start.AddSeconds(1)) with { RequestSummary = new RequestSummary { Question = "q", Metadata = tags } };
        var small = NewRecord(Start);
        await store.TryCreateAsync(large, CancellationToken.None);
        await store.TryCreateAsync(small, CancellationToken.None);
        _counter.Clear();

        var items = await TakeAsync(store.ListItemsAsync(null, 10, CancellationToken.None), 10);

        Assert.Equal([large.JobId, small.JobId], items.Select(i => i.JobId));
        Assert.Equal(60, items[0].RequestSummary.Metadata!.Count);
        Assert.Equal(2, _counter.Requests.Count);
        Assert.Contains(_counter.Requests, r => r.StartsWith($"GET ", StringComparison.Ordinal) && r.EndsWith($"/{large.JobId}.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListItemsAsync_ForeignBlobsInContainer_Skipped()
    {
        var (store, blobs) = CreateSut();
        var record = NewRecord(Start);
        await store.TryCreateAsync(record, CancellationToken.None);
        await blobs.GetBlobClient("readme.txt").UploadAsync(BinaryData.FromString("hello"));
        await blobs.GetBlobClient("zzzz.json").UploadAsync(BinaryData.FromString("{}"));

        var items = await TakeAsync(store.ListItemsAsync(null, 10, CancellationToken.None), 10);

        Assert.Equal([record.JobId], items.Select(i => i.JobId));
    }

    [Fact]
    public async Task GetAsync_UnreadableBlob_NullAndLeftOutOfListings()
    {
        var (store, blobs) = CreateSut();
        var record = NewRecord(Start);
        var corrupt = JobId.New(Start.AddSeconds(1));
        await store.TryCreateAsync(record, CancellationToken.None);
        await blobs.GetBlobClient($"{corrupt}.json").UploadAsync(BinaryData.FromString("{ not json"));

        Assert.Null(await store.GetAsync(corrupt, CancellationToken.None));
        Assert.Equal([record.JobId], (await TakeAsync(store.ListItemsAsync(null, 10, CancellationToken.None), 10)).Select(i => i.JobId));
    }

    [Fact]
    public async Task ClaimIdempotencyKeyAsync_Claim_StoredUnderIdempotencyPrefix()
    {
        var (store, blobs) = CreateSut();
        var claim = new IdempotencyClaim(JobId.New(Start), "request-hash");

        await store.ClaimIdempotencyKeyAsync("abc123", claim, CancellationToken.None);

        var blob = (await blobs.GetBlobClient("idempotency/abc123.json").DownloadContentAsync()).Value;
        Assert.Equal(claim, JsonSerializer.Deserialize(blob.Content, RecordJsonContext.Default.IdempotencyClaim));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("with/slash")]
    [InlineData("")]
    public async Task ClaimIdempotencyKeyAsync_UnsafeKeyHash_Throws(string keyHash)
    {
        var (store, _) = CreateSut();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.ClaimIdempotencyKeyAsync(keyHash, new IdempotencyClaim(JobId.New(Start), "h"), CancellationToken.None));
    }

    private static JobRecord NewRecord(DateTimeOffset createdAt) => new()
    {
        JobId = JobId.New(createdAt),
        Status = JobStatus.Queued,
        CreatedAt = createdAt,
        RequestSummary = new RequestSummary { Question = "Is the sky blue?" },
        Request = new ScoreRequest { Question = "Is the sky blue?" },
    };

    private static async Task<List<JobListItem>> TakeAsync(IAsyncEnumerable<JobListItem> items, int take)
    {
        var list = new List<JobListItem>();
        await foreach (var item in items)
        {
            if (list.Count == take) break;
            list.Add(item);
        }

        return list;
    }
}
