using ScoreJobs.Records;
using ScoreJobs.Requests;

namespace ScoreJobs.Storage;

/// <summary>What every <see cref="IRunStore"/> adapter must do; one subclass per adapter.</summary>
public abstract class RunStoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    protected abstract IRunStore CreateSut();

    protected static RunManifest NewManifest(DateTimeOffset? createdAt = null, int samples = 3) =>
        new()
        {
            RunId = JobId.New(createdAt ?? T0),
            Name = "回归集 v2",
            CreatedAt = createdAt ?? T0,
            Samples = samples,
            Metrics = ["token_f1"],
            Thresholds = new Dictionary<string, double> { ["token_f1"] = 0.6 },
            Metadata = new Dictionary<string, string> { ["app"] = "dify" },
        };

    protected static IReadOnlyList<IReadOnlyList<RunSample>> Chunks(params int[] sizes)
    {
        var next = 0;
        return [.. sizes.Select(size => (IReadOnlyList<RunSample>)[.. Enumerable.Range(0, size).Select(_ => Sample(++next))])];
    }

    private static RunSample Sample(int n) =>
        new($"s{n}", new ScoreRequest { Question = $"什么是检索增强生成？({n})", Answer = "答案", Contexts = ["上下文"], GroundTruth = "参考", Metrics = ["token_f1"] });

    [Fact]
    public async Task TryCreateAsync_NewRun_ManifestAndChunksReadBack()
    {
        var store = CreateSut();
        var manifest = NewManifest();

        Assert.True(await store.TryCreateAsync(manifest, Chunks(2, 1), CancellationToken.None));
        var stored = await store.GetAsync(manifest.RunId, CancellationToken.None);
        var first = await store.ReadChunkAsync(manifest.RunId, 0, CancellationToken.None);
        var second = await store.ReadChunkAsync(manifest.RunId, 1, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.False(string.IsNullOrEmpty(stored.ETag));
        Assert.Equal("回归集 v2", stored.Manifest.Name);
        Assert.Equal(0.6, stored.Manifest.Thresholds["token_f1"]);
        Assert.Equal("dify", stored.Manifest.Metadata!["app"]);
        Assert.Equal(["s1", "s2"], first.Select(s => s.SampleId));
        Assert.Equal("什么是检索增强生成？(1)", first[0].Request.Question);
        Assert.Equal(["上下文"], first[0].Request.Contexts);
        Assert.Equal(["s3"], second.Select(s => s.SampleId));
    }

    [Fact]
    public async Task TryCreateAsync_ExistingId_IsFalseAndKeepsFirst()
    {
        var store = CreateSut();
        var manifest = NewManifest();
        Assert.True(await store.TryCreateAsync(manifest, Chunks(1), CancellationToken.None));

        Assert.False(await store.TryCreateAsync(manifest with { Name = "second" }, Chunks(1), CancellationToken.None));
        Assert.Equal("回归集 v2", (await store.GetAsync(manifest.RunId, CancellationToken.None))!.Manifest.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("../../etc/passwd")]
    [InlineData("not-a-run-id")]
    public async Task GetAsync_UnknownOrInvalidId_IsNull(string? runId)
    {
        Assert.Null(await CreateSut().GetAsync(runId ?? JobId.New(T0), CancellationToken.None));
    }

    [Fact]
    public async Task ReadChunkAsync_MissingChunkOrRun_IsNull()
    {
        var store = CreateSut();
        var manifest = NewManifest();
        await store.TryCreateAsync(manifest, Chunks(1), CancellationToken.None);

        Assert.Null(await store.ReadChunkAsync(manifest.RunId, 1, CancellationToken.None));
        Assert.Null(await store.ReadChunkAsync(JobId.New(T0), 0, CancellationToken.None));
    }

    [Fact]
    public async Task TryReplaceAsync_CurrentETag_ReplacesAndGivesNewETag()
    {
        var store = CreateSut();
        var manifest = NewManifest();
        await store.TryCreateAsync(manifest, Chunks(1), CancellationToken.None);
        var stored = (await store.GetAsync(manifest.RunId, CancellationToken.None))!;

        var etag = await store.TryReplaceAsync(stored.Manifest with { Error = "broken" }, stored.ETag, CancellationToken.None);

        var again = (await store.GetAsync(manifest.RunId, CancellationToken.None))!;
        Assert.NotNull(etag);
        Assert.NotEqual(stored.ETag, etag);
        Assert.Equal(etag, again.ETag);
        Assert.Equal("broken", again.Manifest.Error);
    }

    [Fact]
    public async Task TryReplaceAsync_StaleETag_IsNullAndKeepsTheNewerWrite()
    {
        var store = CreateSut();
        var manifest = NewManifest();
        await store.TryCreateAsync(manifest, Chunks(1), CancellationToken.None);
        var stale = (await store.GetAsync(manifest.RunId, CancellationToken.None))!;
        Assert.NotNull(await store.TryReplaceAsync(stale.Manifest with { Retries = 1 }, stale.ETag, CancellationToken.None));

        Assert.Null(await store.TryReplaceAsync(stale.Manifest with { Error = "lost the race" }, stale.ETag, CancellationToken.None));

        var current = (await store.GetAsync(manifest.RunId, CancellationToken.None))!.Manifest;
        Assert.Equal(1, current.Retries);
        Assert.Null(current.Error);
    }

    [Fact]
    public async Task TryReplaceAsync_RunNeverCreated_IsNullAndCreatesNothing()
    {
        var store = CreateSut();
        var manifest = NewManifest();
        await store.TryCreateAsync(NewManifest(T0.AddMinutes(1)), Chunks(1), CancellationToken.None);

        Assert.Null(await store.TryReplaceAsync(manifest, "\"0x8DC0000000000000\"", CancellationToken.None));
        Assert.Null(await store.GetAsync(manifest.RunId, CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_NewestFirst_PagesAfterTheLastRunSeen()
    {
        var store = CreateSut();
        var runs = Enumerable.Range(0, 5).Select(i => NewManifest(T0.AddMinutes(i))).ToList();
        foreach (var run in runs) Assert.True(await store.TryCreateAsync(run, Chunks(1), CancellationToken.None));
        var newestFirst = runs.AsEnumerable().Reverse().Select(r => r.RunId).ToList();

        var first = await store.ListAsync(null, 2, CancellationToken.None);
        var second = await store.ListAsync(first[^1].RunId, 2, CancellationToken.None);
        var last = await store.ListAsync(second[^1].RunId, 2, CancellationToken.None);

        Assert.Equal(newestFirst[..2], first.Select(r => r.RunId));
        Assert.Equal(newestFirst[2..4], second.Select(r => r.RunId));
        Assert.Equal(newestFirst[4..], last.Select(r => r.RunId));
        Assert.Equal("回归集 v2", first[0].Name);
    }

    [Fact]
    public async Task ListAsync_NoRuns_IsEmpty()
    {
        Assert.Empty(await CreateSut().ListAsync(null, 10, CancellationToken.None));
    }
}
