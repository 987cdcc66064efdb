using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ScoreJobs.Bench.Faults;

/// <summary>Sends bytes to 127.0.0.1:port as they are and reads the status code of the answer (0 if none came).</summary>
internal static class RawHttp
{
    private const int Piece = 16 * 1024;

    public static async Task<(int Status, string Line)> SendAsync(int port, byte[] request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        var stream = client.GetStream();
        try
        {
            // In pieces, stopping as soon as an answer arrives: a server refusing a huge body answers early and
            // closes, and writing on would only reset the connection before the answer is read.
            for (var offset = 0; offset < request.Length && client.Available == 0; offset += Piece)
            {
                await stream.WriteAsync(request.AsMemory(offset, Math.Min(Piece, request.Length - offset)), timeout.Token);
            }
        }
        catch (IOException)
        {
            // The server closed before reading everything (a header too large): read what it said.
        }

        var buffer = new byte[4096];
        var received = new StringBuilder();
        try
        {
            while (!received.ToString().Contains("\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0) break;
                received.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        var line = received.ToString().Split("\r\n")[0];
        var parts = line.Split(' ');
        return parts.Length >= 2 && parts[0].StartsWith("HTTP/", StringComparison.Ordinal) &&
               int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            ? (status, line)
            : (0, line.Length == 0 ? "(connection closed without an answer)" : line);
    }
}
