using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using ScoreJobs.Testing;

namespace ScoreFunctions.Hosting;

/// <summary>
/// Finds a real Azure Functions host to run the built app under, in this order: <c>FUNCTIONS_HOST_PATH</c> (a
/// folder holding <c>Microsoft.Azure.WebJobs.Script.WebHost.dll</c>, a <c>host.tar.gz</c> of one, or a <c>func</c>
/// executable), <c>func</c> on PATH (the Azure Functions Core Tools: what a developer runs as <c>func start</c>),
/// then <c>../shared/functions-host/host.tar.gz</c> beside the checkout (the open-source host built for machines
/// where the Core Tools cannot be installed). An archive is unpacked once into <c>.functions-host/</c>.
/// </summary>
internal static class FunctionsHostLocator
{
    public const string PathVariable = "FUNCTIONS_HOST_PATH";
    private const string HostAssembly = "Microsoft.Azure.WebJobs.Script.WebHost.dll";
    private static readonly Lazy<(FunctionsHostCommand? Command, string Reason)> Found = new(Find);

    /// <summary>Why no host can be had here, or null when one can.</summary>
    public static string? MissingReason => Found.Value.Command is null ? Found.Value.Reason : null;

    public static FunctionsHostCommand Command(int port) =>
        Found.Value.Command is { } command
            ? command.FileName == "dotnet" ? command : command with { Arguments = [.. command.Arguments, "--port", port.ToString(CultureInfo.InvariantCulture)] }
            : throw new InvalidOperationException(Found.Value.Reason);

    private static (FunctionsHostCommand?, string) Find()
    {
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured)
        {
            var command = FromPath(Path.GetFullPath(configured));
            return command is null ? (null, $"{PathVariable}={configured} is neither a host folder, a host .tar.gz nor a func executable.") : (command, "");
        }

        if (OnPath("func") is { } func) return (Func(func), "");

        var shared = Path.GetFullPath(Path.Combine(RepositoryRoot.Find(), "..", "shared", "functions-host", "host.tar.gz"));
        if (File.Exists(shared)) return (Host(Unpack(shared)), "");

        return (null, $"no Azure Functions host here: set {PathVariable}, install the Azure Functions Core Tools (func), or provide {shared}.");
    }

    private static FunctionsHostCommand? FromPath(string path)
    {
        if (Directory.Exists(path))
        {
            var folder = File.Exists(Path.Combine(path, HostAssembly)) ? path : Path.Combine(path, "host-out");
            return File.Exists(Path.Combine(folder, HostAssembly)) ? Host(folder) : null;
        }

        if (!File.Exists(path)) return null;
        return path.EndsWith(".tar.gz", StringComparison.Ordinal) ? Host(Unpack(path)) : Func(path);
    }

    private static FunctionsHostCommand Host(string folder) =>
        new($"Azure Functions host {Version(folder)} ({folder})", "dotnet", [Path.Combine(folder, HostAssembly)], folder, EnforcesKeys: true);

    // func runs the app in its working folder (the script root) and reads the same environment variables;
    // --enableAuth makes it check function keys as Azure does (by default it runs every function anonymously).
    private static FunctionsHostCommand Func(string executable) =>
        new($"Azure Functions Core Tools ({executable})", executable, ["start", "--enableAuth"], FunctionsAppOutput.Directory, EnforcesKeys: true);

    private static string Version(string folder) =>
        System.Diagnostics.FileVersionInfo.GetVersionInfo(Path.Combine(folder, HostAssembly)).ProductVersion?.Split('+')[0] ?? "of unknown version";

    // Unpacked once per archive (its size and time name the folder); the host writes Secrets/ next to its DLLs.
    private static string Unpack(string archive)
    {
        var info = new FileInfo(archive);
        var target = Path.Combine(RepositoryRoot.Find(), ".functions-host", $"{info.Length}-{info.LastWriteTimeUtc.Ticks}");
        var folder = Path.Combine(target, "host-out");
        if (File.Exists(Path.Combine(folder, HostAssembly))) return folder;

        var staging = target + ".partial-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        Directory.CreateDirectory(staging);
        using (var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
        {
            TarFile.ExtractToDirectory(gzip, staging, overwriteFiles: true);
        }

        if (!File.Exists(Path.Combine(staging, "host-out", HostAssembly)))
        {
            throw new InvalidOperationException($"{archive} does not hold host-out/{HostAssembly}.");
        }

        try
        {
            Directory.Move(staging, target);
        }
        catch (IOException) when (File.Exists(Path.Combine(folder, HostAssembly)))
        {
            Directory.Delete(staging, recursive: true); // another test run unpacked it first
        }

        return folder;
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
