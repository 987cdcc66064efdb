using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Judging;
using ScoreJobs.Bench.Load;
using ScoreJobs.Records;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>
/// A dataset run of <c>--run-samples</c> samples (10,000 by default) against the fake judge, beside the same work
/// submitted as single jobs: samples per second against jobs per second, GET run latency while the run is in flight,
/// and live traffic during the run (submit latency, and how long a live job waits for a worker), and server memory.
/// </summary>
internal static class RunBenchmark
{
    private static readonly string[] Metrics = ["overall_quality", "faithfulness", "token_f1"];
    private const double LiveRate = 5;

    public static async Task<IReadOnlyList<string>> RunAsync(BenchContext context, StorageTarget storage, int samples, int judgeLatencyMs, int concurrency, CancellationToken cancellationToken)
    {
        await using var judge = await BenchJudge.StartAsync(TimeSpan.FromMilliseconds(judgeLatencyMs), ledger: false);
        var settings = storage.NewGroup(context.Scratch, "runs") with
        {
            JudgeEndpoint = judge.Endpoint,
            WorkerConcurrency = concurrency,
            Extra = new Dictionary<string, string> { ["ScoreJobs__RunConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture) },
        };
        await using var server = await context.StartServerAsync("runs", settings, cancellationToken);
        using var client = new ApiClient(server.BaseAddress, null);

        // The same work as single jobs first: the figure a run is measured against.
        var singles = Math.Max(concurrency * 4, samples / 5);
        BenchContext.Say($"runs: {singles} single jobs ({string.Join(',', Metrics)}), judge latency {judgeLatencyMs} ms, concurrency {concurrency}");
        var ids = new ConcurrentBag<string>();
        await ClosedLoop.RunAsync(16, singles, TimeSpan.FromMinutes(10), async (_, ct) =>
        {
            var reply = await client.SubmitAsync(Workload.Request(Workload.NewCase(), Metrics), null, ct);
            if (reply.Value is { } accepted) ids.Add(accepted.JobId);
            return (reply.Status, reply.Milliseconds);
        }, cancellationToken);
        var done = await JobWaiter.WaitFinishedAsync(client, [.. ids], TimeSpan.FromMinutes(15), null, cancellationToken);
        var finished = done.Values.Where(r => r.IsFinished).ToList();
        var jobsPerSecond = finished.Count / Math.Max(0.001, (finished.Max(r => r.FinishedAt!.Value) - finished.Min(r => r.CreatedAt)).TotalSeconds);

        var body = new StringBuilder();
        for (var i = 0; i < samples; i++) body.Append(Encoding.UTF8.GetString(Workload.Request(Workload.NewCase()))).Append('\n');
        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        BenchContext.Say($"runs: submitting a run of {samples} samples ({bytes.Length / 1024 / 1024.0:0.0} MiB of JSONL)");
        var submitted = await client.SubmitRunAsync(bytes, "name=bench&metrics=" + string.Join(',', Metrics), cancellationToken);
        var runId = submitted.Value?.RunId ?? throw new InvalidOperationException($"the run was not accepted: {submitted.Status} {submitted.Error}");

        using var runEnded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reads = new LatencySamples();
        var liveIds = new ConcurrentBag<string>();
        var submitTimes = new ConcurrentBag<double>();
        var live = PacedLoop.RunAsync(2, LiveRate, TimeSpan.FromHours(1), async (_, ct) =>
        {
            var reply = await client.SubmitAsync(Workload.Request(Workload.NewCase(), Metrics), null, ct);
            if (reply.Value is { } accepted)
            {
                liveIds.Add(accepted.JobId);
                submitTimes.Add(reply.Milliseconds);
            }

            return (reply.Status, reply.Milliseconds);
        }, runEnded.Token);
        // Azurite's own answer time beside the run: a 2 KB blob put at the live rate, as a submit's record is written.
        // Every submit makes several such requests in turn, so this says how much of its time is the emulator's.
        var probe = storage.AzuriteProcess is { } azurite ? AzuriteProbe.Start(azurite.ConnectionString, LiveRate, runEnded.Token) : null;
        var storagePids = ProcessCpu.Children("azurite");
        var storageCpu = storagePids.ToDictionary(pid => pid, pid => ProcessCpu.Read(pid) ?? TimeSpan.Zero);
        var runStarted = Stopwatch.GetTimestamp();
        ScoreJobs.Runs.RunRecord? run;
        var lastSay = Stopwatch.GetTimestamp();
        while (true)
        {
            await Task.Delay(100, cancellationToken);
            var reply = await client.GetRunAsync(runId, cancellationToken);
            reads.Add(reply.Milliseconds);
            run = reply.Value;
            if (run is { IsFinished: true }) break;
            if (Stopwatch.GetElapsedTime(lastSay) > TimeSpan.FromSeconds(10))
            {
                BenchContext.Say($"runs: {run?.Counts.Done}/{samples} done, {liveIds.Count} live jobs submitted meanwhile");
                lastSay = Stopwatch.GetTimestamp();
            }
        }

        var drained = Math.Max(1, Stopwatch.GetElapsedTime(runStarted).TotalMilliseconds);
        var storageShares = storagePids.ToDictionary(pid => pid, pid => ((ProcessCpu.Read(pid) ?? storageCpu[pid]) - storageCpu[pid]).TotalMilliseconds / drained);
        var storageShare = storageShares.Values.Sum();
        var perService = storagePids.Count > 1
            ? " (" + string.Join(", ", storageShares.Select(s => Invariant($"{ProcessCpu.Service(s.Key)} {100 * s.Value:0}%"))) + ")"
            : "";

        // The paced loop ends by cancellation when the run ends; each submit's time was kept as it answered.
        await runEnded.CancelAsync();
        try
        {
            await live;
        }
        catch (OperationCanceledException)
        {
        }

        var submits = new LatencySamples();
        foreach (var milliseconds in submitTimes) submits.Add(milliseconds);

        var liveJobs = await JobWaiter.WaitFinishedAsync(client, [.. liveIds], TimeSpan.FromMinutes(5), null, cancellationToken);
        var waits = new LatencySamples();
        foreach (var job in liveJobs.Values.Where(j => j.StartedAt is not null)) waits.Add((job.StartedAt!.Value - job.CreatedAt).TotalMilliseconds);
        var seconds = (run.FinishedAt!.Value - run.CreatedAt).TotalSeconds;
        var samplesPerSecond = run.Counts.Completed / Math.Max(0.001, seconds);
        var read = reads.Summarize();
        var wait = waits.Summarize();
        var submit = submits.Summarize();
        var peak = server.ReadMemory()?.PeakMiB ?? 0;
        var notes = new List<string>
        {
            Invariant($"Runs ({storage.Mode}): a {samples:N0}-sample run ({string.Join(", ", Metrics)}; judge {judgeLatencyMs} ms; {concurrency} slots a lane) scored {samplesPerSecond:0.0} samples/s ({run.Counts.Completed:N0} completed, {run.Counts.Failed} failed in {seconds:0} s from submit to end); the same work as {finished.Count} single jobs ran at {jobsPerSecond:0.0} jobs/s: {100 * samplesPerSecond / jobsPerSecond:0}% (target >= 90%)."),
            Invariant($"Runs ({storage.Mode}): GET run during the run, {reads.Count} reads: p50 {read.P50Ms:0.0} ms, p99 {read.P99Ms:0.0} ms (target < 50 ms embedded)."),
            Invariant($"Runs ({storage.Mode}): live traffic during the run, {submits.Count} submits at {LiveRate}/s: submit p50 {submit.P50Ms:0.0} ms, p99 {submit.P99Ms:0.0} ms (target < 50 ms); a live job's wait for a worker p50 {wait.P50Ms:0} ms, p99 {wait.P99Ms:0} ms, max {wait.MaxMs:0} ms (target < 2 s)."),
            Invariant($"Runs ({storage.Mode}): the server's peak memory over the whole section {peak:0} MiB; the submit of {bytes.Length / 1024 / 1024.0:0.0} MiB answered in {submitted.Milliseconds:0} ms."),
        };
        if (probe is not null)
        {
            try
            {
                var answers = (await probe).Summarize();
                notes.Add(Invariant($"Runs ({storage.Mode}): Azurite beside the run: one 2 KB blob put p50 {answers.P50Ms:0.0} ms, p99 {answers.P99Ms:0.0} ms ({answers.Count} at {LiveRate}/s); Azurite ({(storagePids.Count == 1 ? "one Node.js process" : $"{storagePids.Count} Node.js processes")}) used {100 * storageShare:0}% of a core{perService} while the run drained."));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The probe is a side figure: its failure is said, and the run's own figures are kept.
                notes.Add($"Runs ({storage.Mode}): the Azurite probe failed: {ex.Message.Split('\n')[0]}");
            }
        }

        foreach (var note in notes) BenchContext.Say(note);
        return notes;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
