using System.Diagnostics;
using ScoreJobs.Bench.Benchmarks;
using ScoreJobs.Bench.Cli;
using ScoreJobs.Bench.Hosting;

namespace ScoreJobs.Bench.Faults;

/// <summary>
/// <c>faults</c>: kill -9 under load and during a dataset run, a misbehaving judge, the hostile corpus and (with Azurite) a storage outage.
/// Prints what each saw and one summary line; exits 1 on any loss, duplicate, 5xx, unexpected answer, unexplained
/// null score or crash.
/// </summary>
internal static class FaultsCommand
{
    public const string Usage = """
        faults [options]
          --short                 the quick version for the test command (about a minute); default is the long run
          --mode embedded|azurite|both
                                  which storage the kill and hostile scenarios use (default both when tools/azurite is
                                  installed, else embedded); the storage outage always uses Azurite
          --only LIST             any of kill,runkill,judge,hostile,outage (default all)
          --server-dll PATH       the built server (default src/ScoreJobs.Server/bin/<configuration>/net10.0)
          --keep                  keep the scratch folder (records, server logs)
          --drain-seconds N       how long a scenario waits for its work to end (default: the profile's; raise it on a
                                  loaded machine)
        """;

    public static async Task<int> RunAsync(CommandLine args, CancellationToken cancellationToken)
    {
        var profile = args.Flag("short") ? FaultProfile.Short : FaultProfile.Long;
        var azuriteInstalled = File.Exists(Path.Combine(ServerBinary.RepositoryRoot(), "tools", "azurite", "node_modules", "azurite", "dist", "src", "azurite.js"));
        var mode = args.Choice("mode", azuriteInstalled ? "both" : StorageTarget.Embedded, StorageTarget.Embedded, StorageTarget.Azurite, "both");
        var only = (args.Value("only") ?? "kill,runkill,judge,hostile,outage").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = only.Except(["kill", "runkill", "judge", "hostile", "outage"]).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown scenario(s): {string.Join(", ", unknown)}");
        var serverDll = ServerBinary.Locate(args.Value("server-dll"));
        var keep = args.Flag("keep");
        if (args.Value("drain-seconds") is not null) profile = profile with { DrainLimit = TimeSpan.FromSeconds(args.Int("drain-seconds", 60, min: 10)) };
        args.RejectUnknown();

        var started = Stopwatch.GetTimestamp();
        var scratch = Path.Combine(Path.GetTempPath(), $"scorejobs-faults-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(scratch);
        var context = new FaultContext(serverDll, scratch, profile);
        FaultContext.Say($"faults ({profile.Name}): server {serverDll}, scratch {scratch}");
        if (!azuriteInstalled && mode != StorageTarget.Embedded)
        {
            throw new UsageException("Azurite is not installed: run `npm ci --prefix tools/azurite`, or pass --mode embedded");
        }

        if (!azuriteInstalled) FaultContext.Say("faults: tools/azurite is not installed (npm ci --prefix tools/azurite): the Azurite scenarios are skipped");

        var tallies = new List<FaultTally>();
        var failedToRun = false;
        try
        {
            if (mode is StorageTarget.Embedded or "both")
            {
                await using var embedded = await StorageTarget.CreateAsync(StorageTarget.Embedded, cancellationToken);
                if (only.Contains("kill")) tallies.Add(Report(await KillScenario.RunAsync(context, embedded, cancellationToken)));
                if (only.Contains("runkill")) tallies.Add(Report(await RunKillScenario.RunAsync(context, embedded, cancellationToken)));
                if (only.Contains("judge")) tallies.Add(Report(await JudgeFaultScenario.RunAsync(context, embedded, cancellationToken)));
                if (only.Contains("hostile")) tallies.Add(Report(await HostileScenario.RunAsync(context, embedded, cancellationToken)));
            }

            if (azuriteInstalled && (mode != StorageTarget.Embedded || only.Contains("outage")))
            {
                await using var azurite = await StorageTarget.CreateAsync(StorageTarget.Azurite, cancellationToken);
                if (only.Contains("outage")) tallies.Add(Report(await StorageOutageScenario.RunAsync(context, azurite, cancellationToken)));
                if (mode != StorageTarget.Embedded && only.Contains("hostile")) tallies.Add(Report(await HostileScenario.RunAsync(context, azurite, cancellationToken)));
                if (mode != StorageTarget.Embedded && only.Contains("runkill")) tallies.Add(Report(await RunKillScenario.RunAsync(context, azurite, cancellationToken)));
                if (mode != StorageTarget.Embedded && only.Contains("kill") && profile == FaultProfile.Long)
                {
                    tallies.Add(Report(await KillScenario.RunAsync(context, azurite, cancellationToken)));
                }
            }
        }
        catch (Exception ex) when (ex is not UsageException and not OperationCanceledException)
        {
            failedToRun = true;
            Console.Error.WriteLine($"faults: a scenario could not run: {ex}");
        }

        var sum = FaultTally.Sum(tallies);
        var passed = !failedToRun && tallies.All(t => t.Passed);
        Console.WriteLine();
        Console.WriteLine($"faults ({profile.Name}) in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s; server logs: {Path.Combine(scratch, "logs")}{(passed && !keep ? " (deleted)" : "")}");
        Console.WriteLine($"faults: {(passed ? "PASS" : "FAIL")} {sum.Line()}");
        if (passed && !keep) BenchCommand.TryDelete(scratch);
        return passed ? 0 : 1;
    }

    private static FaultTally Report(FaultTally tally)
    {
        Console.WriteLine($"== {tally.Scenario}: {(tally.Passed ? "pass" : "FAIL")}  {tally.Line()}");
        foreach (var fact in tally.Facts) Console.WriteLine($"   {fact}");
        foreach (var problem in tally.Problems) Console.WriteLine($"   PROBLEM: {problem}");
        return tally;
    }
}
