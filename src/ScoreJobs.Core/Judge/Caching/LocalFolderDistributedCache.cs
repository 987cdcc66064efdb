using System.Globalization;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace ScoreJobs.Judge.Caching;

/// <summary>
/// The judge response cache in embedded mode: one file per entry in a folder beside the records
/// (<c>{jobs folder}/.judge-cache/{first two characters of the key}/{key}</c>), a first line <c>expires=&lt;unix ms&gt;</c> (or
/// <c>expires=never</c>) and then the value. Written to a temporary file and renamed, so a reader sees a whole entry
/// or none. An expired entry is deleted when it is next read.
/// </summary>
internal sealed class LocalFolderDistributedCache(string directory, TimeProvider time) : IDistributedCache
{
    private const string Never = "never";
    private static readonly byte[] Prefix = "expires="u8.ToArray();

    public string Directory { get; } = Path.GetFullPath(directory);

    public byte[]? Get(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return Unwrap(path, bytes);
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var path = PathOf(key);
        // A miss is the common case while new material is scored: answered by a stat, not by an exception (a saturated
        // worker threw ~300 a second). The catch stays for an entry deleted between the two.
        if (!File.Exists(path)) return null;
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return Unwrap(path, bytes);
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) =>
        SetAsync(key, value, options).GetAwaiter().GetResult();

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        var expires = CacheExpiry.Of(options, time);
        var path = PathOf(key);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var header = Encoding.ASCII.GetBytes(
            $"expires={(expires is { } at ? at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : Never)}\n");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await stream.WriteAsync(header, token).ConfigureAwait(false);
                await stream.WriteAsync(value, token).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public void Refresh(string key)
    {
        // Absolute expiration only: nothing to refresh.
    }

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key)
    {
        try
        {
            File.Delete(PathOf(key));
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was ever written under this prefix.
        }
    }

    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        Remove(key);
        return Task.CompletedTask;
    }

    private byte[]? Unwrap(string path, byte[] bytes)
    {
        var newline = Array.IndexOf(bytes, (byte)'\n');
        if (newline < 0 || !bytes.AsSpan().StartsWith(Prefix)) return null;

        var expires = Encoding.ASCII.GetString(bytes, Prefix.Length, newline - Prefix.Length);
        if (expires != Never
            && (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || time.GetUtcNow().ToUnixTimeMilliseconds() >= ms))
        {
            File.Delete(path);
            return null;
        }

        return bytes[(newline + 1)..];
    }

    // Keys are MEAI's hex SHA-256; anything else is hex-encoded so it can never leave the folder.
    private string PathOf(string key)
    {
        var name = key.Length >= 2 && key.All(char.IsAsciiHexDigit) ? key : Convert.ToHexString(Encoding.UTF8.GetBytes(key));
        return Path.Combine(Directory, name[..2].ToLowerInvariant(), name);
    }
}
