using System.Net;
using System.Net.Sockets;

namespace ScoreJobs.Bench.Hosting;

/// <summary>A free TCP port on 127.0.0.1, as the kernel hands one out.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
