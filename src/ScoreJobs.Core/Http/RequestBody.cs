using Microsoft.AspNetCore.Http;

namespace ScoreJobs.Http;

/// <summary>Reads a request body up to a limit, without trusting Content-Length alone.</summary>
internal static class RequestBody
{
    /// <summary>
    /// The body, or null when it is larger than <paramref name="maxBytes"/>. The buffer it was read into, not a copy of
    /// it: a 64 MiB dataset is held once, not twice.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return null;
        var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
