using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace ScoreJobs.Callbacks;

/// <summary>The connect callback on a real SocketsHttpHandler and a real listener on 127.0.0.1.</summary>
public sealed class CallbackConnectGuardTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public CallbackConnectGuardTests() => _listener.Start();

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private static HttpClient CreateSut(string? allowedHosts) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = new CallbackConnectGuard(new CallbackUrlPolicy(Options.Create(new CallbackOptions { AllowedHosts = allowedHosts }))).ConnectAsync,
        }) { Timeout = TimeSpan.FromSeconds(10) };

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Send_LoopbackNotAllowed_RefusedBeforeConnecting(string host)
    {
        using var client = CreateSut(allowedHosts: null);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://{host}:{Port}/"));

        var refused = Assert.IsType<CallbackRefusedException>(failure.InnerException);
        Assert.Contains("a loopback address", refused.Message);
        Assert.False(_listener.Pending());
    }

    [Fact]
    public async Task Send_LoopbackAllowed_Connects()
    {
        using var client = CreateSut(allowedHosts: "127.0.0.1");
        var accepted = _listener.AcceptTcpClientAsync();

        var sending = client.GetAsync($"http://127.0.0.1:{Port}/");
        using var connection = await accepted.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(connection.Connected);
        connection.Close();
        await Assert.ThrowsAnyAsync<Exception>(() => sending);
    }

    public void Dispose() => _listener.Dispose();
}
