using ScoreJobs.Testing;

namespace ScoreJobs.Server;

public sealed class OpenAccessWarningTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7071", true)]
    [InlineData("http://localhost:7071", true)]
    [InlineData("http://[::1]:7071", true)]
    [InlineData("http://0.0.0.0:7071", false)]
    [InlineData("http://[::]:7071", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://*:80", false)]
    [InlineData("https://10.0.0.4:443", false)]
    public void IsLoopback_KestrelAddress_SaysWhetherOnlyThisMachineReachesIt(string address, bool loopback) =>
        Assert.Equal(loopback, OpenAccessWarning.IsLoopback(address));

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(true, "t0ken", false)]
    [InlineData(false, null, false)]
    public void Start_ListeningBeyondLoopbackWithoutToken_Warns(bool anyAddress, string? token, bool warned)
    {
        var logs = new CapturedLogs();
        using var server = new ServerFactory(new() { ["ScoreJobs:ApiToken"] = token }, logs.AddTo, anyAddress);

        server.StartServer();

        Assert.Equal(warned, logs.Lines.Any(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("with no ScoreJobs__ApiToken", StringComparison.Ordinal)));
    }
}
