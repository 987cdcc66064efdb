using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ScoreJobs.Http;

/// <summary>
/// A request body read to its end and kept on disk (in memory when small), to be read again as a seekable stream, with
/// the SHA-256 of what was read. A dataset run is spooled so that a 64 MiB upload costs its parsed samples, not also
/// its bytes, in memory; ASP.NET Core's <see cref="FileBufferingReadStream"/> does the spooling.
/// </summary>
internal sealed class SpooledBody : IAsyncDisposable
{
    private const int MemoryThreshold = 64 * 1024;

    private readonly FileBufferingReadStream _content;

    private SpooledBody(FileBufferingReadStream content, long length, byte[] sha256)
    {
        _content = content;
        Length = length;
        Sha256 = sha256;
    }

    /// <summary>The body from its first byte; seekable.</summary>
    public Stream Content => _content;

    public long Length { get; }

    /// <summary>SHA-256 of <c>prefix</c> given to <see cref="ReadAsync"/> followed by the body.</summary>
    public byte[] Sha256 { get; }

    /// <summary>
    /// Reads the body to its end, hashing <paramref name="hashPrefix"/> and then the body; null when it is larger than
    /// <paramref name="maxBytes"/> (nothing more is read then).
    /// </summary>
    public static async Task<SpooledBody?> ReadAsync(HttpRequest request, long maxBytes, ReadOnlyMemory<byte> hashPrefix, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return null;
        var content = new FileBufferingReadStream(request.Body, MemoryThreshold, bufferLimit: null, Path.GetTempPath());
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(hashPrefix.Span);
        var chunk = new byte[16 * 1024];
        long length = 0;
        try
        {
            int read;
            while ((read = await content.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > maxBytes)
                {
                    await content.DisposeAsync().ConfigureAwait(false);
                    return null;
                }

                hash.AppendData(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await content.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        catch
        {
            await content.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        content.Seek(0, SeekOrigin.Begin);
        return new SpooledBody(content, length, hash.GetHashAndReset());
    }

    public ValueTask DisposeAsync() => _content.DisposeAsync();
}
