using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace ScoreJobs.Callbacks;

/// <summary>
/// The callback client's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host itself and refuses to
/// connect when any of its addresses is not public (unless the host is allowed), then connects to exactly the
/// addresses it checked. Checking the address connected, not a name looked up earlier, also defeats DNS rebinding.
/// </summary>
internal sealed class CallbackConnectGuard(CallbackUrlPolicy policy)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        IPAddress[] addresses = IPAddress.TryParse(CallbackUrlPolicy.NormalizeHost(host), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);

        if (!policy.IsAllowedHost(host))
        {
            foreach (var address in addresses)
            {
                var range = AddressClassifier.Classify(address);
                if (range != AddressRange.Public)
                {
                    throw new CallbackRefusedException(
                        $"{host} resolves to {address}, {AddressClassifier.Describe(range)}; callbacks go only to public addresses unless the host is listed in {CallbackOptions.AllowedHostsSetting}. Nothing was sent.");
                }
            }
        }

        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);

        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}
