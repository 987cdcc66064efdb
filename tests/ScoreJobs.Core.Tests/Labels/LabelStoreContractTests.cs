using ScoreJobs.Records;

namespace ScoreJobs.Labels;

/// <summary>What every <see cref="ILabelStore"/> adapter must do; one subclass per adapter.</summary>
public abstract class LabelStoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    protected abstract Task<ILabelStore> CreateSutAsync();

    protected static JobLabel Label(string rater, double? faithfulness = null, string? rating = null, string? note = null) => new()
    {
        Rater = rater,
        Scores = faithfulness is { } f ? new Dictionary<string, double> { ["faithfulness"] = f } : null,
        Rating = rating,
        Note = note,
        UpdatedAt = T0,
    };

    [Fact]
    public async Task GetAsync_NeverWritten_IsNull()
    {
        var store = await CreateSutAsync();

        Assert.Null(await store.GetAsync(JobId.New(T0), CancellationToken.None));
    }

    [Fact]
    public async Task TryWriteAsync_New_CanBeReadBackWhole()
    {
        var store = await CreateSutAsync();
        var jobId = JobId.New(T0);

        var etag = await store.TryWriteAsync(jobId, [Label("alice@example.com", 0.75, "good", "引用了正确的文档"), Label("bob", rating: "bad")], null, CancellationToken.None);
        var stored = await store.GetAsync(jobId, CancellationToken.None);

        Assert.NotNull(etag);
        Assert.Equal(etag, stored!.ETag);
        Assert.Equal(["alice@example.com", "bob"], stored.Labels.Select(l => l.Rater));
        Assert.Equal(0.75, stored.Labels[0].Scores!["faithfulness"]);
        Assert.Equal("引用了正确的文档", stored.Labels[0].Note);
        Assert.Equal("bad", stored.Labels[1].Rating);
        Assert.Equal(T0, stored.Labels[1].UpdatedAt);
    }

    [Fact]
    public async Task TryWriteAsync_CreateWhenOneExists_IsNullAndKeepsTheFirst()
    {
        var store = await CreateSutAsync();
        var jobId = JobId.New(T0);
        await store.TryWriteAsync(jobId, [Label("alice", rating: "good")], null, CancellationToken.None);

        Assert.Null(await store.TryWriteAsync(jobId, [Label("mallory", rating: "bad")], null, CancellationToken.None));
        Assert.Equal("alice", (await store.GetAsync(jobId, CancellationToken.None))!.Labels.Single().Rater);
    }

    [Fact]
    public async Task TryWriteAsync_StaleEtag_IsNullAndTheCurrentOneWins()
    {
        var store = await CreateSutAsync();
        var jobId = JobId.New(T0);
        var first = await store.TryWriteAsync(jobId, [Label("alice", rating: "good")], null, CancellationToken.None);
        var second = await store.TryWriteAsync(jobId, [Label("alice", rating: "good"), Label("bob", rating: "bad")], first, CancellationToken.None);

        Assert.NotNull(second);
        Assert.Null(await store.TryWriteAsync(jobId, [], first, CancellationToken.None));
        Assert.Equal(2, (await store.GetAsync(jobId, CancellationToken.None))!.Labels.Count);
        Assert.NotNull(await store.TryWriteAsync(jobId, [], second, CancellationToken.None));
        Assert.Empty((await store.GetAsync(jobId, CancellationToken.None))!.Labels);
    }
}
