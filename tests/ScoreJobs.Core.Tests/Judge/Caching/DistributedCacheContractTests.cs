using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Time.Testing;

namespace ScoreJobs.Judge.Caching;

/// <summary>What both judge cache stores must do; one subclass per store.</summary>
public abstract class DistributedCacheContractTests
{
    private static readonly DistributedCacheEntryOptions Day = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(24) };

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));

    private protected abstract IDistributedCache CreateSut();

    [Fact]
    public async Task SetAsync_ThenGetAsync_ReturnsTheSameBytes()
    {
        var sut = CreateSut();
        var value = Encoding.UTF8.GetBytes("""{"messages":[{"role":"assistant","contents":[{"$type":"text","text":"评分"}]}]}""");

        await sut.SetAsync(Key('a'), value, Day);

        Assert.Equal(value, await sut.GetAsync(Key('a')));
        Assert.Equal(value, sut.Get(Key('a')));
    }

    [Fact]
    public async Task GetAsync_Unknown_IsNull()
    {
        var sut = CreateSut();

        Assert.Null(await sut.GetAsync(Key('b')));
    }

    [Fact]
    public async Task GetAsync_PastTheTtlOnTheClock_IsNull()
    {
        var sut = CreateSut();
        await sut.SetAsync(Key('c'), [1, 2, 3], Day);

        Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await sut.GetAsync(Key('c')));
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await sut.GetAsync(Key('c')));
    }

    [Fact]
    public async Task SetAsync_SameKeyAgain_Overwrites()
    {
        var sut = CreateSut();
        await sut.SetAsync(Key('d'), [1], Day);

        await sut.SetAsync(Key('d'), [2, 2], Day);

        Assert.Equal([2, 2], await sut.GetAsync(Key('d')));
    }

    [Fact]
    public async Task RemoveAsync_Entry_IsGoneAndUnknownKeysAreFine()
    {
        var sut = CreateSut();
        await sut.SetAsync(Key('e'), [1], Day);

        await sut.RemoveAsync(Key('e'));
        await sut.RemoveAsync(Key('f'));

        Assert.Null(await sut.GetAsync(Key('e')));
    }

    [Fact]
    public async Task SetAsync_NoExpiration_KeptHoweverLong()
    {
        var sut = CreateSut();
        await sut.SetAsync(Key('0'), [7], new DistributedCacheEntryOptions());

        Time.Advance(TimeSpan.FromDays(3650));

        Assert.Equal([7], await sut.GetAsync(Key('0')));
    }

    [Fact]
    public async Task SetAsync_SlidingExpiration_Refused()
    {
        var sut = CreateSut();

        await Assert.ThrowsAsync<NotSupportedException>(() =>
            sut.SetAsync(Key('1'), [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromHours(1) }));
    }

    // Keys as MEAI makes them: hex SHA-256; one per test so a shared container cannot mix them up.
    private string Key(char c) => new string(c, 8) + GetHashCode().ToString("X8") + new string('F', 48);
}
