using System.Diagnostics;
using System.Globalization;
using ScoreJobs.Bench.Cli;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Reports;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>
/// <c>bench</c>: submit latency and rate, end-to-end jobs per second against the fake judge (one and, with
/// Azurite, two instances), and list/get latency, startup and memory at several record counts. Writes
/// <c>bench/results/{timestamp}-{mode}.json</c> and <c>bench/results/latest-{mode}.md</c>.
/// </summary>
internal static class BenchCommand
{
    public const string Usage = """
        bench [options]
          --mode embedded|azurite     where records and the queue live (default embedded)
          --sections LIST             any of submit,throughput,scaleout,listing,cache,runs,uploads,agreement,stats,saturated,calls,contention (default:
                                      all that apply to the mode, but uploads, agreement, stats, saturated, calls and contention); stats writes --records
                                      jobs through the index in this process and times stats calls (embedded) or counts their Table requests
                                      (azurite); saturated times the 202 with the worker full (16 clients, four judge metrics, --jobs of them);
                                      calls prints judge calls and tokens per job, metrics alone and together; contention (azurite)
                                      counts the Table index's lost races with --concurrency writers of --jobs jobs; agreement times
                                      GET /api/score/agreement over 100,000
                                      labelled jobs (embedded); cache also prices one run in live and in batch mode; uploads sends four 63 MiB
                                      runs at once and prints the server's peak RSS
          --samples N                 distinct samples in the cache section's dataset (default 1000, quick 100)
          --run-samples N             samples in the runs section's dataset run (default 10000, quick 1000)
          --clients 1,16,64           concurrent submit clients per level
          --records 1000,10000,100000 stored record counts for list/get/startup/memory
          --index-only                listing (embedded): seed the SQLite index without the record files (a started server with
                                      an index reads none; get is not timed), so 1,000,000 seed in minutes
          --azurite-in-memory         azurite: start Azurite with --inMemoryPersistence, so it never stops to save its whole store to
                                      disk (what the emulator costs, beside what the same code does against a faster store)
          --azurite-split             azurite: run its blob, queue and table services as three Node.js processes (azurite-blob,
                                      azurite-queue, azurite-table), so the emulator is not held to one event-loop thread
          (environment) AZURITE_DB    azurite: Azurite's own setting, inherited by the blob service: its metadata in that MySQL
                                      database (mysql://user:password@host:port/db) instead of the in-process Loki store
          --judge-latency-ms 200      the fake judge's answer time
          --concurrency 32            ScoreJobs__WorkerConcurrency of each server
          --worker-pacing-ms N        saturated: ScoreJobs__WorkerPacingTargetMs of its server (0: pacing off; default: the server's)
          --warmup N                  saturated: submits (and their jobs) before the timed loop (default 3000, quick 200)
          --jobs N                    jobs in the end-to-end run (default 1500, quick 200)
          --quick                     small counts for development (results file marked quick)
          --results DIR               where to write results (default bench/results of this checkout)
          --server-dll PATH           the built server (default src/ScoreJobs.Server/bin/<configuration>/net10.0)
          --keep                      keep the scratch folder (records, server logs)
          --wrap CMD                  run each server through CMD (e.g. eatmydata, to see what fsync costs)
          --server-env A=1,B=2        extra environment for each server (e.g. ScoreJobs__Judge__MaxConcurrentCalls=256)
        """;

    public static async Task<int> RunAsync(CommandLine args, IReadOnlyList<string> rawArgs, CancellationToken cancellationToken)
    {
        var quick = args.Flag("quick");
        var mode = args.Choice("mode", StorageTarget.Embedded, StorageTarget.Embedded, StorageTarget.Azurite);
        var sections = (args.Value("sections") ?? (mode == StorageTarget.Azurite ? "submit,throughput,scaleout,listing,cache,runs" : "submit,throughput,listing,cache,runs"))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknownSections = sections.Except(["submit", "throughput", "scaleout", "listing", "cache", "runs", "uploads", "agreement", "stats", "saturated", "calls", "contention"]).ToList();
        if (unknownSections.Count > 0) throw new UsageException($"unknown section(s): {string.Join(", ", unknownSections)}");
        var clients = args.Ints("clients", quick ? [1, 16] : [1, 16, 64], max: 1024);
        var records = args.Ints("records", quick ? [1000, 10000] : mode == StorageTarget.Azurite ? [1000, 10000] : [1000, 10000, 100000], max: 2_000_000);
        var judgeLatency = args.Int("judge-latency-ms", 200, max: 60_000);
        var concurrency = args.Int("concurrency", 32, min: 1, max: 1024);
        int? workerPacing = args.Value("worker-pacing-ms") is null ? null : args.Int("worker-pacing-ms", 25, min: 0, max: 60_000);
        var warmup = args.Int("warmup", quick ? 200 : 3000, min: 0, max: 1_000_000);
        var jobs = args.Int("jobs", quick ? 200 : 1500, min: 1, max: 1_000_000);
        var samples = args.Int("samples", quick ? 100 : 1000, min: 1, max: 1_000_000);
        var runSamples = args.Int("run-samples", quick ? 1000 : 10_000, min: 1, max: 10_000);
        var resultsFolder = args.Value("results") ?? Path.Combine(ServerBinary.RepositoryRoot(), "bench", "results");
        var serverDll = ServerBinary.Locate(args.Value("server-dll"));
        var keep = args.Flag("keep");
        var indexOnly = args.Flag("index-only");
        var azuriteInMemory = args.Flag("azurite-in-memory");
        var azuriteSplit = args.Flag("azurite-split");
        var wrapper = args.Value("wrap");
        var serverEnvironment = ParseEnvironment(args.Value("server-env"));
        args.RejectUnknown();

        var started = Stopwatch.GetTimestamp();
        var results = new BenchResults
        {
            Mode = mode,
            Quick = quick,
            StartedAt = DateTimeOffset.UtcNow,
            Commit = GitCommit(),
            CommandLine = "dotnet run --project bench/ScoreJobs.Bench -c Release --no-build -- bench " + string.Join(' ', rawArgs),
            Machine = MachineInfo.Capture(),
            Parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["sections"] = string.Join(',', sections.Order(StringComparer.Ordinal)),
                ["clients"] = string.Join(',', clients),
                ["records"] = string.Join(',', records),
                ["judge_latency_ms"] = judgeLatency.ToString(CultureInfo.InvariantCulture),
                ["worker_concurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
                ["jobs"] = jobs.ToString(CultureInfo.InvariantCulture),
                ["build"] = ServerBinary.BuildConfiguration(),
                ["wrap"] = wrapper ?? "none",
                ["azurite"] = mode == StorageTarget.Azurite
                    ? (azuriteInMemory ? "in memory" : "persisted to disk") + (azuriteSplit ? ", blob/queue/table as three processes" : ", one process")
                        // Azurite's own setting, passed on to the blob service: its metadata in that SQL database instead of Loki.
                        + (Environment.GetEnvironmentVariable("AZURITE_DB") is { Length: > 0 } ? ", blob metadata in the SQL database of AZURITE_DB" : "")
                    : "none",
                ["server_env"] = serverEnvironment.Count == 0 ? "none" : string.Join(' ', serverEnvironment.Select(e => $"{e.Key}={e.Value}")),
            },
        };
        var scratch = Path.Combine(Path.GetTempPath(), "scorejobs-bench-" + results.StartedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(scratch);
        var context = new BenchContext(serverDll, scratch, results, wrapper, keep, serverEnvironment);
        BenchContext.Say($"bench: mode {mode}, server {serverDll}, scratch {scratch}");
        BenchContext.Say($"bench: {results.Machine.Cores} cores, load {results.Machine.LoadAtStart:0.##}, {results.Machine.DotNet}");

        var failed = false;
        var cpu = new CpuWatch();
        try
        {
            await using var storage = await StorageTarget.CreateAsync(mode, azuriteInMemory, azuriteSplit, cancellationToken);
            if (sections.Contains("submit")) await SubmitBenchmark.RunAsync(context, storage, clients, quick, cancellationToken);
            if (sections.Contains("throughput"))
            {
                results.Throughput.Add(await ThroughputBenchmark.RunAsync(context, storage, 1, jobs, judgeLatency, concurrency, cancellationToken));
            }

            if (sections.Contains("scaleout"))
            {
                if (mode != StorageTarget.Azurite) throw new UsageException("scaleout needs --mode azurite: embedded mode has one server per jobs folder");
                if (!sections.Contains("throughput")) results.Throughput.Add(await ThroughputBenchmark.RunAsync(context, storage, 1, jobs, judgeLatency, concurrency, cancellationToken));
                results.Throughput.Add(await ThroughputBenchmark.RunAsync(context, storage, 2, jobs, judgeLatency, concurrency, cancellationToken));
            }

            if (sections.Contains("listing")) await ListingBenchmark.RunAsync(context, storage, records, quick, indexOnly, cancellationToken);
            if (sections.Contains("cache")) results.Notes.AddRange(await CacheBenchmark.RunAsync(context, storage, samples, judgeLatency, concurrency, cancellationToken));
            if (sections.Contains("cache")) results.Notes.AddRange(await RunCostBenchmark.RunAsync(context, storage, samples, judgeLatency, concurrency, cancellationToken));
            if (sections.Contains("runs")) results.Notes.AddRange(await RunBenchmark.RunAsync(context, storage, runSamples, judgeLatency, concurrency, cancellationToken));
            if (sections.Contains("uploads")) results.Notes.AddRange(await UploadBenchmark.RunAsync(context, storage, cancellationToken));
            if (sections.Contains("agreement")) results.Notes.AddRange(await AgreementBenchmark.RunAsync(context, storage, quick, cancellationToken));
            if (sections.Contains("stats")) results.Notes.AddRange(await StatsBenchmark.RunAsync(context, storage, records, quick, cancellationToken));
            if (sections.Contains("saturated")) results.Notes.Add(await SaturatedSubmitBenchmark.RunAsync(context, storage, jobs, warmup, judgeLatency, concurrency, workerPacing, cancellationToken));
            if (sections.Contains("contention"))
            {
                if (mode != StorageTarget.Azurite) throw new UsageException("contention needs --mode azurite: it counts the Table index's lost races");
                results.Notes.AddRange(await ShardContentionBenchmark.RunAsync(jobs, concurrency, cancellationToken));
            }

            if (sections.Contains("calls")) results.Notes.AddRange(await JudgeCallsBenchmark.RunAsync(context, storage, quick ? 3 : 10, judgeLatency, cancellationToken));
        }
        catch (Exception ex) when (ex is not UsageException)
        {
            failed = true;
            Console.Error.WriteLine($"bench failed: {ex}");
            Console.Error.WriteLine($"server logs are in {Path.Combine(scratch, "logs")}");
        }
        finally
        {
            await cpu.DisposeAsync();
            results.Machine.LoadAtEnd = MachineInfo.LoadAverage();
            results.Machine.OtherProcessesCpuPercent = cpu.OthersPercent;
            results.Machine.BenchCpuPercent = cpu.OursPercent;
            results.DurationSeconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
        }

        AddNotes(results, judgeLatency);
        var (json, markdown) = ResultsWriter.Write(results, resultsFolder);
        Console.WriteLine();
        Console.WriteLine(ResultsWriter.ToMarkdown(results, Path.GetFileName(json)));
        BenchContext.Say($"bench: wrote {json} and {markdown}");
        if (!failed && !keep) TryDelete(scratch);
        return failed ? 1 : 0;
    }

    private static void AddNotes(BenchResults results, int judgeLatency)
    {
        var m = results.Machine;
        if (m.Busy)
        {
            results.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Other processes used {m.OtherProcessesCpuPercent:0}% of the machine's CPU during this run: the figures are lower bounds of what the code does on a quiet machine."));
        }

        results.Notes.Add("The bench, the fake judge, the server(s) and Azurite share the same cores: the client's own work is inside every figure.");
        foreach (var s in results.Submit.Where(s => s.Clients == 16))
        {
            results.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Issue 2 target, submit p99 < 5 ms with 16 clients ({s.Mode}): {(s.Latency.P99Ms < 5 ? "met" : "missed")}, p99 {s.Latency.P99Ms:0.00} ms."));
        }

        foreach (var t in results.Throughput.Where(t => t.Instances == 1))
        {
            results.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Issue 3 target, >= 50 jobs/s with a {judgeLatency} ms judge ({t.Mode}): {(t.JobsPerSecond >= 50 ? "met" : "missed")}, {t.JobsPerSecond} jobs/s against an ideal of {t.IdealJobsPerSecond}."));
        }

        foreach (var l in results.Listing.Where(l => l.Records >= 10_000))
        {
            results.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Issue 2 target, newest-page list < 20 ms at {l.Records:N0} records ({l.Mode}): {(l.List.P99Ms < 20 ? "met at p99" : l.List.P50Ms < 20 ? "met at p50, missed at p99" : "missed")}, p50 {l.List.P50Ms:0.00} ms, p99 {l.List.P99Ms:0.00} ms."));
        }
    }

    private static Dictionary<string, string> ParseEnvironment(string? text)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new UsageException($"--server-env takes NAME=VALUE pairs, not '{pair}'");
            environment[pair[..equals]] = pair[(equals + 1)..];
        }

        return environment;
    }

    private static string? GitCommit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", ServerBinary.RepositoryRoot(), "rev-parse", "--short", "HEAD"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null) return null;
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? commit : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    internal static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
