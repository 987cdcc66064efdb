using Microsoft.Extensions.Caching.Distributed;

namespace ScoreJobs.Judge.Caching;

public sealed class LocalFolderDistributedCacheTests : DistributedCacheContractTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"), ".judge-cache");

    [Fact]
    public async Task SetAsync_Entry_OneReadableFileUnderItsKeyPrefix()
    {
        var sut = new LocalFolderDistributedCache(_folder, Time);

        await sut.SetAsync("ABCDEF0123", "{\"x\":1}"u8.ToArray(), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) });

        var file = Assert.Single(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));
        Assert.Equal(Path.Combine(_folder, "ab", "ABCDEF0123"), file);
        Assert.Equal($"expires={Time.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds()}\n{{\"x\":1}}", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task SetAsync_KeyWithPathCharacters_StaysInTheFolder()
    {
        var sut = new LocalFolderDistributedCache(_folder, Time);

        await sut.SetAsync("../../escape", [1], new DistributedCacheEntryOptions());

        Assert.Equal([1], await sut.GetAsync("../../escape"));
        Assert.StartsWith(_folder, Assert.Single(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories)), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private protected override IDistributedCache CreateSut() => new LocalFolderDistributedCache(_folder, Time);
}
