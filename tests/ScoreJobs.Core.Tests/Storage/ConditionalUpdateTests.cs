using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Fakes;
using ScoreJobs.Records;
using ScoreJobs.Storage.Local;

namespace ScoreJobs.Storage;

// Over the real local run store: a "rival" replaces the manifest between an attempt's read and its write, as another worker would.
public sealed class ConditionalUpdateTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly LocalFolderRunStore _runs = TestRuns.Store();
    private readonly string _runId = JobId.New(DateTimeOffset.UtcNow);

    [Fact]
    public async Task RunAsync_ConflictThenSuccess_WritesOnTheSecondAttempt()
    {
        await CreateRunAsync();
        var sut = new ConditionalUpdate(_time, attempts: 5);

        var made = 0;
        var written = await sut.RunAsync(async (attempt, ct) =>
        {
            made++;
            var stored = (await _runs.GetAsync(_runId, ct))!;
            if (attempt == 0) await RivalWritesAsync("rival");
            var changed = stored.Manifest with { Name = stored.Manifest.Name + "+mine" };
            return await _runs.TryReplaceAsync(changed, stored.ETag, ct) is null ? UpdateAttempt<string?>.Conflict : UpdateAttempt<string?>.Done(changed.Name);
        }, whenExhausted: () => "exhausted", CancellationToken.None);

        Assert.Equal(2, made);
        Assert.Equal("rival+mine", written);
        Assert.Equal("rival+mine", (await _runs.GetAsync(_runId, CancellationToken.None))!.Manifest.Name);
    }

    [Fact]
    public async Task RunAsync_AlwaysConflicting_GivesUpAfterTheAttemptsGiven()
    {
        await CreateRunAsync();
        var sut = new ConditionalUpdate(_time, attempts: 3);

        var made = 0;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sut.RunAsync(async (_, ct) =>
        {
            made++;
            var stored = (await _runs.GetAsync(_runId, ct))!;
            await RivalWritesAsync($"rival {made}");
            return await _runs.TryReplaceAsync(stored.Manifest with { Name = "mine" }, stored.ETag, ct) is null ? UpdateAttempt<bool>.Conflict : UpdateAttempt<bool>.Done(true);
        }, whenExhausted: () => throw new InvalidOperationException("kept changing"), CancellationToken.None));

        Assert.Equal("kept changing", error.Message);
        Assert.Equal(3, made);
        Assert.Equal("rival 3", (await _runs.GetAsync(_runId, CancellationToken.None))!.Manifest.Name);
    }

    [Fact]
    public async Task RunAsync_RecordGone_EndsWithoutAnotherAttempt()
    {
        var sut = new ConditionalUpdate(_time, attempts: 5);

        var made = 0;
        var result = await sut.RunAsync(async (_, ct) =>
        {
            made++;
            return await _runs.GetAsync(_runId, ct) is null ? UpdateAttempt<string>.Done("gone") : UpdateAttempt<string>.Conflict;
        }, whenExhausted: () => "exhausted", CancellationToken.None);

        Assert.Equal("gone", result);
        Assert.Equal(1, made);
    }

    [Fact]
    public async Task RunAsync_StorageFault_SurfacesWithoutRetrying()
    {
        var sut = new ConditionalUpdate(_time, attempts: 5);

        var made = 0;
        await Assert.ThrowsAsync<IOException>(() => sut.RunAsync<bool>((_, _) =>
        {
            made++;
            throw new IOException("disk gone");
        }, whenExhausted: () => false, CancellationToken.None));

        Assert.Equal(1, made);
    }

    [Fact]
    public async Task RunAsync_WithPause_WaitsOnTheInjectedClock()
    {
        var sut = new ConditionalUpdate(_time, attempts: 3, pause: TimeSpan.FromSeconds(10));

        var made = 0;
        var running = sut.RunAsync((attempt, _) =>
        {
            made++;
            return Task.FromResult(attempt == 0 ? UpdateAttempt<int>.Conflict : UpdateAttempt<int>.Done(attempt));
        }, whenExhausted: () => -1, CancellationToken.None);

        Assert.Equal(1, made);
        // Jittered by at most a quarter either side of the first pause; the real clock never moves the retry.
        _time.Advance(TimeSpan.FromSeconds(7));
        Assert.False(running.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await running.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, made);
    }

    public void Dispose() => _runs.Dispose();

    private async Task CreateRunAsync() =>
        Assert.True(await _runs.TryCreateAsync(new RunManifest { RunId = _runId, CreatedAt = _time.GetUtcNow(), Samples = 0, Name = "first" }, [], CancellationToken.None));

    private async Task RivalWritesAsync(string name)
    {
        var stored = (await _runs.GetAsync(_runId, CancellationToken.None))!;
        Assert.NotNull(await _runs.TryReplaceAsync(stored.Manifest with { Name = name }, stored.ETag, CancellationToken.None));
    }
}
