using System.Diagnostics;
using System.Globalization;
using ScoreJobs.Testing;

namespace ScoreJobs.Bench.Hosting;

/// <summary>
/// The real server as a child process (<c>dotnet ScoreJobs.Server.dll --urls http://127.0.0.1:PORT</c>), so that
/// a kill is a real SIGKILL and memory is the process's own. Its output goes to a log file. It can be killed,
/// stopped and started again on the same port with the same settings.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(5);
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly string _dll;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly string _workingDirectory;
    private Process? _process;

    private ServerProcess(string name, string dll, ServerSettings settings, int port, string logPath)
    {
        Name = name;
        _dll = dll;
        Settings = settings;
        Port = port;
        LogPath = logPath;
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        _log = new StreamWriter(logPath, append: true) { AutoFlush = false };
        _workingDirectory = Path.Combine(Path.GetTempPath(), "scorejobs-bench-cwd");
        Directory.CreateDirectory(_workingDirectory);
    }

    public string Name { get; }

    public ServerSettings Settings { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public string LogPath { get; }

    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>From process start to the first 200 from /api/health (includes indexing the records folder).</summary>
    public TimeSpan LastStartup { get; private set; }

    public int Starts { get; private set; }

    public static async Task<ServerProcess> StartAsync(string name, string dll, ServerSettings settings, string logPath, CancellationToken cancellationToken)
    {
        var server = new ServerProcess(name, dll, settings, LoopbackPorts.Free(1)[0], logPath);
        try
        {
            await server.StartAgainAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the process (again) on the same port and waits until health answers 200.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        if (IsRunning) throw new InvalidOperationException($"{Name} is already running");
        var start = new ProcessStartInfo(Settings.Wrapper ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _workingDirectory,
        };
        if (Settings.Wrapper is not null) start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(_dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        foreach (var inherited in start.Environment.Keys.ToList())
        {
            if (inherited.StartsWith("ScoreJobs__", StringComparison.OrdinalIgnoreCase) ||
                inherited.StartsWith("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase) ||
                inherited.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) ||
                inherited.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(inherited);
            }
        }

        foreach (var (name, value) in Settings.ToEnvironment()) start.Environment[name] = value;

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        Write($"---- {Name}: start {Starts + 1} on port {Port} at {DateTimeOffset.UtcNow:O}");
        var started = Stopwatch.GetTimestamp();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Starts++;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                FlushLog();
                throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} while starting; its output:{Environment.NewLine}{Tail(40)}");
            }

            try
            {
                using var response = await Probe.GetAsync(new Uri(BaseAddress, "api/health"), timeout.Token);
                if (response.IsSuccessStatusCode) break;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!timeout.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Kill();
                throw new TimeoutException($"{Name} did not answer /api/health within {ReadyTimeout.TotalSeconds} s; its output:{Environment.NewLine}{Tail(40)}");
            }

            await Task.Delay(20, timeout.Token);
        }

        LastStartup = Stopwatch.GetElapsedTime(started);
    }

    /// <summary>SIGKILL: no shutdown, no flush, as a crash or an OOM kill would be.</summary>
    public void Kill()
    {
        var process = _process;
        if (process is null) return;
        if (!process.HasExited)
        {
            Write($"---- {Name}: SIGKILL at {DateTimeOffset.UtcNow:O}");
            process.Kill(entireProcessTree: false);
            process.WaitForExit();
        }

        process.Dispose();
        _process = null;
    }

    /// <summary>SIGTERM and wait: a graceful shutdown.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        var process = _process;
        if (process is null) return;
        if (!process.HasExited)
        {
            Write($"---- {Name}: SIGTERM at {DateTimeOffset.UtcNow:O}");
            using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                if (term is not null) await term.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
        _process = null;
    }

    /// <summary>CPU time (user + system) the running process has used so far, from /proc (Linux).</summary>
    public TimeSpan? CpuTime() => Pid is { } pid ? ProcessCpu.Read(pid) : null;

    /// <summary>Peak and current resident memory of the running process, from /proc (Linux).</summary>
    public ProcessMemory? ReadMemory() => Pid is { } pid ? ProcessMemory.Read(pid) : null;

    /// <summary>The last lines the server wrote.</summary>
    public string Tail(int lines)
    {
        FlushLog();
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            FlushLog();
            lock (_logLock) _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_logLock) _log.WriteLine(line);
    }

    private void FlushLog()
    {
        lock (_logLock) _log.Flush();
    }
}
