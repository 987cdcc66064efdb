using System.Diagnostics;
using System.Net;

namespace ScoreFunctions.Hosting;

/// <summary>
/// One Azure Functions host running the built app as a child process (the host starts the app's worker as its own
/// child): started with exactly the settings given, ready once <c>GET /api/health</c> answers 200 through the
/// app, killed with its worker on dispose. The host's console output is kept for failure messages.
/// </summary>
internal sealed class FunctionsHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly Queue<string> _log = new();

    private FunctionsHostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The last lines the host wrote.</summary>
    public string LogTail
    {
        get
        {
            lock (_log) return string.Join('\n', _log);
        }
    }

    public static async Task<FunctionsHostProcess> StartAsync(FunctionsHostCommand command, int port, IReadOnlyDictionary<string, string> settings, bool waitUntilReady = true)
    {
        var start = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments) start.ArgumentList.Add(argument);

        // Only the settings given: nothing of the test run's own environment that the host or the app would read.
        // CONTAINER_NAME would make the host believe it runs in an Azure Linux consumption container.
        foreach (var key in start.Environment.Keys.Where(IsHostOrAppSetting).ToList()) start.Environment.Remove(key);
        foreach (var (key, value) in settings) start.Environment[key] = value;

        var process = new Process { StartInfo = start };
        var host = new FunctionsHostProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!waitUntilReady) return host;
        try
        {
            await host.WaitUntilReadyAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>Waits until the host has written a line containing <paramref name="text"/>; false when it has not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForLogAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (LogTail.Contains(text, StringComparison.Ordinal)) return true;
            await Task.Delay(100);
        }

        return LogTail.Contains(text, StringComparison.Ordinal);
    }

    private static bool IsHostOrAppSetting(string key) =>
        key is "CONTAINER_NAME" or "FUNCTIONS_WORKER_RUNTIME"
        || key.StartsWith("AzureWebJobs", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("AzureFunctions", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("ScoreJobs", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("WEBSITE_", StringComparison.OrdinalIgnoreCase);

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Functions host exited with code {_process.ExitCode} while starting:\n{LogTail}");
            }

            try
            {
                using var response = await client.GetAsync("api/health");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // listening, but the worker is not up yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The Functions host did not serve /api/health within {ReadyTimeout.TotalSeconds} s:\n{LogTail}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > 200) _log.Dequeue();
        }
    }
}
