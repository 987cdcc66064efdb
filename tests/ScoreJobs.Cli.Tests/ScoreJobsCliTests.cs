using System.Net;
using System.Net.Sockets;

namespace ScoreJobs.Cli;

/// <summary>The entry point without a server: usage errors, bad input and an unreachable server all exit 2 with a sentence.</summary>
public sealed class ScoreJobsCliTests
{
    private const string Sample = """{"question":"q","answer":"a","ground_truth":"a"}""";

    [Fact]
    public async Task RunAsync_Help_ListsTheCommandsAndExitsZero()
    {
        var run = await CliRun.StartAsync("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var command in new[] { "run", "status", "compare", "cancel", "retry" }) Assert.Contains(command, run.Out);
    }

    [Fact]
    public async Task RunAsync_UnknownOption_ExitsTwo()
    {
        using var file = new TempFile("qa.jsonl", Sample);

        var run = await CliRun.StartAsync("run", file.Path, "--url", "http://localhost:1", "--bogus");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("Unknown option 'bogus'", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task RunAsync_NoUrlAnywhere_ExitsTwoSayingWhereItComesFrom()
    {
        using var file = new TempFile("qa.jsonl", Sample);

        var run = await CliRun.StartAsync("run", file.Path);

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("--url", run.Error);
        Assert.Contains("SCOREJOBS_URL", run.Error);
    }

    [Fact]
    public async Task RunAsync_BadThreshold_ExitsTwoBeforeAnyRequest()
    {
        using var file = new TempFile("qa.jsonl", Sample);

        var run = await CliRun.StartAsync("run", file.Path, "--url", "http://localhost:1", "--threshold", "token_f1=1.01");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("--threshold token_f1=1.01: the value must be a number from 0 to 1", run.Error);
    }

    [Fact]
    public async Task RunAsync_MissingFile_ExitsTwoNamingIt()
    {
        var run = await CliRun.StartAsync("run", "/nonexistent/qa.jsonl", "--url", "http://localhost:1");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("Cannot read /nonexistent/qa.jsonl", run.Error);
    }

    [Fact]
    public async Task RunAsync_BadTimeout_ExitsTwo()
    {
        var run = await CliRun.StartAsync("status", "r_x", "--url", "http://localhost:1", "--wait", "--timeout", "soon");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("--timeout takes a duration", run.Error);
    }

    [Fact]
    public async Task RunAsync_NegativeLimit_ExitsTwo()
    {
        var run = await CliRun.StartAsync("compare", "a", "b", "--url", "http://localhost:1", "--limit", "-1");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("--limit", run.Error);
    }

    [Fact]
    public async Task RunAsync_UnreachableServer_ExitsTwoAfterRetryingWithASentenceNotAStackTrace()
    {
        using var file = new TempFile("qa.jsonl", Sample);
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var run = await CliRun.StartAsync("run", file.Path, "--url", url, "--wait");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains($"Could not reach {url}/", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task RunAsync_UrlFromTheEnvironment_IsUsed()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var run = await CliRun.StartAsync(["status", "r_x"], new Dictionary<string, string?> { ["SCOREJOBS_URL"] = url + "/api" });

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains($"Could not reach {url}/:", run.Error);
    }

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
