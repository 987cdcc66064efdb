using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ScoreJobs.Server;

/// <summary>
/// Once Kestrel listens: a warning when it listens beyond loopback with no <c>ScoreJobs__ApiToken</c> (anyone who reaches
/// the port reads every record and spends the judge), and when CORS comes from the old setting name.
/// </summary>
internal sealed class OpenAccessWarning(
    IServer server, IHostApplicationLifetime lifetime, IOptions<ScoreJobsOptions> core, IOptions<ServerOptions> options, ILogger<OpenAccessWarning> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.UsesOldCorsSetting) Log.OldCorsSetting(logger, ServerOptions.OldCorsOriginsSetting, ServerOptions.AllowedOriginsSetting);
        lifetime.ApplicationStarted.Register(WarnWhenOpen);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void WarnWhenOpen()
    {
        if (!string.IsNullOrEmpty(core.Value.ApiToken)) return;
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var open = addresses.Where(a => !IsLoopback(a)).ToList();
        if (open.Count > 0) Log.OpenWithoutToken(logger, string.Join(", ", open));
    }

    /// <summary>Whether a Kestrel address (<c>http://127.0.0.1:7071</c>, <c>http://+:80</c>, <c>http://[::]:80</c>) listens on loopback only.</summary>
    internal static bool IsLoopback(string address)
    {
        var start = address.IndexOf("://", StringComparison.Ordinal);
        var rest = start < 0 ? address : address[(start + 3)..];
        var host = rest.StartsWith('[') ? rest[1..Math.Max(1, rest.IndexOf(']', StringComparison.Ordinal))] : rest.Split(':', '/')[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
