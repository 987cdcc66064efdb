using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ScoreJobs.Infra;

/// <summary>
/// The Bicep CLI the tests run: <c>SCOREJOBS_BICEP</c> when set (test.sh sets it), else the copy that
/// <c>tools/bicep/install.sh</c> restores. Missing, it throws, so every infra test fails saying how to install it.
/// </summary>
internal sealed partial class BicepCli(string path)
{
    public const string PathVariable = "SCOREJOBS_BICEP";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public string Path { get; } = path;

    public static BicepCli Locate(string root)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return File.Exists(fromEnvironment)
                ? new BicepCli(fromEnvironment)
                : throw new InvalidOperationException($"{PathVariable} is '{fromEnvironment}', which does not exist. Run ./tools/bicep/install.sh, which prints the path.");
        }

        var project = File.ReadAllText(System.IO.Path.Combine(root, "tools", "bicep", "BicepCli.csproj"));
        var version = PackageVersion().Match(project).Groups["version"].Value;
        var installed = System.IO.Path.Combine(root, "tools", "bicep", ".packages", "azure.bicep.commandline.linux-x64", version, "tools", "bicep");
        return File.Exists(installed)
            ? new BicepCli(installed)
            : throw new InvalidOperationException(
                $"The Bicep CLI {version} is not installed, so infra/ cannot be compiled or linted. Run ./tools/bicep/install.sh " +
                $"(./test.sh does), or set {PathVariable} to a bicep binary. Looked for {installed}.");
    }

    public BicepRun Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new BicepRun(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    [GeneratedRegex(@"Include=""Azure\.Bicep\.CommandLine\.linux-x64"" Version=""\[(?<version>[0-9.]+)\]""")]
    private static partial Regex PackageVersion();
}
