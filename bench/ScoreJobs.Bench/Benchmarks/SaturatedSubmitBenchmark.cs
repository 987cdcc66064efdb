using System.Collections.Concurrent;
using System.Globalization;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Judging;
using ScoreJobs.Bench.Load;
using ScoreJobs.Records;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>
/// The 202 while the worker is saturated (issue 25's side by side with the seed design): 16 clients submit back to
/// back jobs of four judge metrics against the fake judge at <c>--judge-latency-ms</c>, so the worker is full for the
/// whole loop. Gives each submit's latency, and the jobs per second finished (first created_at to last finished_at).
/// The load average is read before and after: on a shared machine it is part of the figure. The same loop runs
/// <c>--warmup</c> submits first and waits for their jobs, so that the timed loop meets a server whose code the JIT has
/// finished with (a server that has just started compiles for its first half minute or more, which is no saturation).
/// </summary>
internal static class SaturatedSubmitBenchmark
{
    private const int Clients = 16;

    public static readonly IReadOnlyList<string> JudgeMetrics = ["faithfulness", "answer_relevancy", "context_precision", "context_recall"];

    public static async Task<string> RunAsync(BenchContext context, StorageTarget storage, int jobs, int warmup, int judgeLatencyMs, int concurrency, int? pacingMs, CancellationToken cancellationToken)
    {
        await using var judge = await BenchJudge.StartAsync(TimeSpan.FromMilliseconds(judgeLatencyMs), ledger: false);
        // The pacing's share changes go to the server's log (kept with --keep) at Debug.
        var extra = new Dictionary<string, string> { ["Logging__LogLevel__ScoreJobs.Jobs.WorkerPacing"] = "Debug" };
        if (pacingMs is { } ms) extra["ScoreJobs__WorkerPacingTargetMs"] = ms.ToString(CultureInfo.InvariantCulture);
        var settings = storage.NewGroup(context.Scratch, "saturated") with { JudgeEndpoint = judge.Endpoint, WorkerConcurrency = concurrency, Extra = extra };
        await using var server = await context.StartServerAsync("saturated", settings, cancellationToken);
        using var client = new ApiClient(server.BaseAddress, null);

        if (warmup > 0)
        {
            BenchContext.Say($"saturated: warming up with {warmup} submits (judge {judgeLatencyMs} ms, worker concurrency {concurrency})");
            var warm = await SubmitAsync(client, warmup, cancellationToken);
            await JobWaiter.WaitFinishedAsync(client, warm.Ids, TimeSpan.FromSeconds(Math.Max(120, warmup / 10)), null, cancellationToken);
        }

        var loadBefore = Reports.MachineInfo.LoadAverage();
        var serverCpu = server.CpuTime() ?? TimeSpan.Zero;
        var run = await SubmitAsync(client, jobs, cancellationToken);
        var serverCpuMs = ((server.CpuTime() ?? TimeSpan.Zero) - serverCpu).TotalMilliseconds;
        var loadAfter = Reports.MachineInfo.LoadAverage();
        var latency = run.Loop.Samples.Summarize();
        BenchContext.Say(string.Create(CultureInfo.InvariantCulture,
            $"saturated: {run.Ids.Count} submits p50 {latency.P50Ms:0.0} p90 {latency.P90Ms:0.0} p99 {latency.P99Ms:0.0} max {latency.MaxMs:0.0} ms at {run.Loop.PerSecond:0}/s; waiting for the jobs"));

        var records = await JobWaiter.WaitFinishedAsync(client, run.Ids, TimeSpan.FromSeconds(Math.Max(120, jobs)),
            (finished, total) => BenchContext.Say($"saturated: {finished}/{total} finished"), cancellationToken);
        var done = records.Values.Where(r => r.IsFinished).ToList();
        var completed = done.Count(r => r.Status == JobStatus.Completed);
        var seconds = done.Count == 0 ? double.NaN : (done.Max(r => r.FinishedAt!.Value) - records.Values.Min(r => r.CreatedAt)).TotalSeconds;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"Saturated submit (16 clients back to back, {string.Join('+', JudgeMetrics)}, judge {judgeLatencyMs} ms, worker concurrency {concurrency}, after {warmup} warm-up submits, {(pacingMs switch { null => "worker pacing at its default", 0 => "worker pacing off", var target => $"worker pacing at {target} ms" })}, {storage.Mode}): " +
            $"{run.Ids.Count} submits p50 {latency.P50Ms:0.0} / p90 {latency.P90Ms:0.0} / p99 {latency.P99Ms:0.0} / max {latency.MaxMs:0.0} ms at {run.Loop.PerSecond:0} submits/s, " +
            $"non-2xx {run.Loop.Failed}; server CPU {serverCpuMs / Math.Max(1, run.Ids.Count):0.00} ms a submit during the loop; " +
            $"{completed} completed, {done.Count - completed} failed, {run.Ids.Count - done.Count} unfinished: {completed / seconds:0.0} jobs/s; load average {loadBefore:0.0} before, {loadAfter:0.0} after the loop.");
        BenchContext.Say(line);
        return line;
    }

    private static async Task<(List<string> Ids, LoopResult Loop)> SubmitAsync(ApiClient client, int count, CancellationToken cancellationToken)
    {
        var ids = new ConcurrentBag<string>();
        var loop = await ClosedLoop.RunAsync(Clients, count, TimeSpan.FromMinutes(5), async (_, ct) =>
        {
            var reply = await client.SubmitAsync(Workload.Request(Workload.NewCase(), JudgeMetrics), null, ct);
            if (reply.Value is { } accepted) ids.Add(accepted.JobId);
            return (reply.Status, reply.Milliseconds);
        }, cancellationToken);
        return ([.. ids], loop);
    }
}
