using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ScoreJobs.Testing;

/// <summary>
/// A real Azurite (the pinned npm package in <c>tools/azurite</c>) on free loopback ports, persisting to a
/// temporary folder so that it can be stopped and started again on the same ports without losing data, as a
/// storage outage would look. Disposing kills it and deletes the folder.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly string _scripts;
    private readonly string _location;
    private readonly bool _inMemory;
    private readonly bool _split;
    private readonly StringBuilder _output = new();
    private readonly List<Process> _processes = [];

    private AzuriteProcess(string scripts, string location, bool inMemory, bool split, int blobPort, int queuePort, int tablePort)
    {
        _scripts = scripts;
        _location = location;
        _inMemory = inMemory;
        _split = split;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public bool IsRunning => _processes.Count > 0 && _processes.All(p => !p.HasExited);

    /// <summary>True when blob, queue and table run as three Node.js processes (each on its own event loop thread).</summary>
    public bool IsSplit => _split;

    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{AccountName}");

    public Uri QueueEndpoint => new($"http://127.0.0.1:{QueuePort}/{AccountName}");

    public Uri TableEndpoint => new($"http://127.0.0.1:{TablePort}/{AccountName}");

    /// <summary>A connection string for this instance, as <c>AzureWebJobsStorage</c> takes it.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint}";

    /// <summary>Starts Azurite on free ports and waits until its blob and queue services accept connections.</summary>
    public static Task<AzuriteProcess> StartAsync(CancellationToken cancellationToken = default) => StartAsync(inMemory: false, cancellationToken);

    /// <summary>
    /// As <see cref="StartAsync(CancellationToken)"/>; <paramref name="inMemory"/> keeps nothing on disk
    /// (<c>--inMemoryPersistence</c>, a node heap of 8 GiB), for data too large for Azurite's own persistence: it saves
    /// its Table store by serializing it whole into one JSON string every 5 s, about 6.7 KB a bench job (three entities
    /// with their list items), which passes V8's longest string (512 MiB) near 80,000 jobs and kills the process. Data
    /// does not survive <see cref="StopAsync"/>.
    /// </summary>
    public static Task<AzuriteProcess> StartAsync(bool inMemory, CancellationToken cancellationToken = default) =>
        StartAsync(inMemory, split: false, cancellationToken);

    /// <summary>
    /// As <see cref="StartAsync(bool, CancellationToken)"/>; <paramref name="split"/> starts the blob, queue and table
    /// services as three Node.js processes (the package's <c>azurite-blob</c>, <c>azurite-queue</c> and
    /// <c>azurite-table</c>), so the emulator gets three event-loop threads instead of one. The connection string
    /// names each endpoint either way.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(bool inMemory, bool split, CancellationToken cancellationToken = default)
    {
        var scripts = FindScripts();
        var location = Path.Combine(Path.GetTempPath(), "scorejobs-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(location);
        var ports = LoopbackPorts.Free(3);
        var azurite = new AzuriteProcess(scripts, location, inMemory, split, ports[0], ports[1], ports[2]);
        try
        {
            await azurite.StartAgainAsync(cancellationToken);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts it again (after <see cref="StopAsync"/>) on the same ports, with the data it had.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning) return;
        await KillAsync();
        lock (_output) _output.Clear();

        string[] blob = ["--blobHost", "127.0.0.1", "--blobPort", Invariant(BlobPort)];
        string[] queue = ["--queueHost", "127.0.0.1", "--queuePort", Invariant(QueuePort)];
        string[] table = ["--tableHost", "127.0.0.1", "--tablePort", Invariant(TablePort)];
        if (_split)
        {
            Launch(Path.Combine(_scripts, "blob", "main.js"), blob);
            Launch(Path.Combine(_scripts, "queue", "main.js"), queue);
            Launch(Path.Combine(_scripts, "table", "main.js"), table);
        }
        else
        {
            Launch(Path.Combine(_scripts, "azurite.js"), [.. blob, .. queue, .. table]);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            while (!(await AcceptsAsync(BlobPort, timeout.Token) && await AcceptsAsync(QueuePort, timeout.Token) && await AcceptsAsync(TablePort, timeout.Token)))
            {
                if (_processes.FirstOrDefault(p => p.HasExited) is { } exited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {exited.ExitCode} while starting: {Output}");
                }

                await Task.Delay(50, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await KillAsync();
            throw new TimeoutException($"Azurite did not start listening within {StartTimeout.TotalSeconds} s: {Output}");
        }
    }

    private void Launch(string script, IEnumerable<string> listen)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _location,
        };
        string[] persistence = _inMemory ? ["--inMemoryPersistence"] : ["--location", _location];
        foreach (var argument in new[] { script, "--silent", "--disableTelemetry" }.Concat(listen).Concat(persistence))
        {
            start.ArgumentList.Add(argument);
        }

        if (_inMemory) start.Environment["NODE_OPTIONS"] = "--max-old-space-size=8192";

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            process.Dispose();
            throw new InvalidOperationException("Azurite needs Node.js: 'node' was not found on PATH.", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    /// <summary>Stops it the way an outage would (gracefully, so its data is saved); requests fail until started again.</summary>
    public async Task StopAsync()
    {
        foreach (var process in _processes)
        {
            if (process.HasExited) continue;
            if (OperatingSystem.IsWindows())
            {
                process.Kill(entireProcessTree: true);
            }
            else
            {
                using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Invariant(process.Id)]) { UseShellExecute = false });
                if (kill is not null) await kill.WaitForExitAsync();
            }
        }

        foreach (var process in _processes)
        {
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        _processes.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp folder is cleaned by the system later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>What Azurite wrote to its output (the first 16,000 characters): why it stopped, when it did.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    private async Task KillAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        _processes.Clear();
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length < 16_000) _output.AppendLine(line);
        }
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The pinned Azurite's script folder (azurite.js, blob/, queue/, table/), found from the repository root above this assembly.</summary>
    private static string FindScripts()
    {
        var root = RepositoryRoot.Find();
        var scripts = Path.Combine(root, "tools", "azurite", "node_modules", "azurite", "dist", "src");
        if (!File.Exists(Path.Combine(scripts, "azurite.js")))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed. Run `npm ci --prefix tools/azurite` in {root} (it installs the pinned azurite package).");
        }

        return scripts;
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
