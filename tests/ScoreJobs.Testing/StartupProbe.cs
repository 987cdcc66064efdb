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

        // Only a guard against a host that never stops: a start takes 2 to 3 s alone, but once took over 30 s while the
        // whole suite ran on 2 cores (a CI run of 2026-12-07).
        await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromMinutes(2));

        return (process.ExitCode, (await stderr).Trim().Split('\n')[^1]);
    }
}
