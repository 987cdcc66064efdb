using System.Diagnostics;

namespace ScoreJobs.Testing;

/// <summary>
/// Starts a host's built assembly (the server, the Functions worker) as a process with the environment it is given,
/// waits for it to stop, and returns its exit code and the last line it wrote to standard error: what an operator
/// sees when a bad setting stops a host at start.
/// </summary>
public static class StartupProbe
{
    public static async Task<(int ExitCode, string LastErrorLine)> RunAsync(
        string assembly, IEnumerable<string> arguments, Action<IDictionary<string, string?>> environment, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet", [assembly, .. arguments])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        environment(start.Environment);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();

        await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));

        return (process.ExitCode, (await stderr).Trim().Split('\n')[^1]);
    }
}
