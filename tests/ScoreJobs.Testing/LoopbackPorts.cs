using System.Net;
using System.Net.Sockets;

namespace ScoreJobs.Testing;

/// <summary>Free TCP ports on 127.0.0.1, as the kernel hands them out (all held open together, so they differ).</summary>
public static class LoopbackPorts
{
    public static int[] Free(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
