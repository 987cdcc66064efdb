using System.Diagnostics;
using System.Globalization;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Load;
using ScoreJobs.Bench.Reports;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>
/// Submit latency and rate: closed loops of 1, 16, 64... clients posting the offline metric set (no judge), after a
/// warm-up, with the worker scoring the accepted jobs alongside as it would in use; then the same clients paced at
/// half that rate, for latency below saturation. Between runs the backlog is drained so each starts from an idle
/// worker. CPU per job (server and bench) comes from /proc and does not depend on what else the machine runs.
/// </summary>
internal static class SubmitBenchmark
{
    public static async Task RunAsync(BenchContext context, StorageTarget storage, IReadOnlyList<int> clientLevels, bool quick, CancellationToken cancellationToken)
    {
        var settings = storage.NewGroup(context.Scratch, "submit");
        await using var server = await context.StartServerAsync("submit", settings, cancellationToken);
        using var client = new ApiClient(server.BaseAddress, null);

        BenchContext.Say($"submit: warming up {server.BaseAddress}");
        await ClosedLoop.RunAsync(8, quick ? 200 : 1000, TimeSpan.FromSeconds(30), (_, ct) => SubmitAsync(client, ct), cancellationToken);
        await Drain.WaitAsync(client, TimeSpan.FromMinutes(2), cancellationToken);

        foreach (var clients in clientLevels)
        {
            var count = quick ? Math.Max(300, clients * 20) : Math.Max(3000, clients * 100);
            var limit = TimeSpan.FromSeconds(quick ? 10 : 30);
            var storagePids = ProcessCpu.Children("azurite");
            var storageCpu = ProcessCpu.Sum(storagePids);
            var serverCpu = server.CpuTime() ?? TimeSpan.Zero;
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var result = await ClosedLoop.RunAsync(clients, count, limit, (_, ct) => SubmitAsync(client, ct), cancellationToken);
            if (!server.IsRunning || result.Succeeded == 0)
            {
                throw new InvalidOperationException($"{server.Name} stopped answering ({(server.IsRunning ? "still running" : "the process is gone: killed from outside?")}): {server.Tail(20)}");
            }

            var latency = result.Samples.Summarize();
            var drained = await Drain.WaitAsync(client, TimeSpan.FromMinutes(3), cancellationToken);
            var serverCpuMs = ((server.CpuTime() ?? TimeSpan.Zero) - serverCpu).TotalMilliseconds;
            var clientCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalMilliseconds;
            var storageCpuMs = (ProcessCpu.Sum(storagePids) - storageCpu).TotalMilliseconds;

            var pacedRate = Math.Max(1, Math.Round(result.PerSecond / 2));
            var paced = await PacedLoop.RunAsync(clients, pacedRate, TimeSpan.FromSeconds(quick ? 4 : 10), (_, ct) => SubmitAsync(client, ct), cancellationToken);
            await Drain.WaitAsync(client, TimeSpan.FromMinutes(3), cancellationToken);
            var pacedLatency = paced.Samples.Summarize();
            context.Results.Submit.Add(new SubmitFigure
            {
                Mode = storage.Mode,
                Clients = clients,
                Requests = result.Succeeded + result.Failed,
                Errors = result.Failed,
                Latency = latency,
                PerSecond = Math.Round(result.PerSecond, 1),
                Statuses = result.Statuses.ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
                Seconds = Math.Round(result.Elapsed.TotalSeconds, 2),
                ServerCpuMsPerJob = Math.Round(serverCpuMs / Math.Max(1, result.Succeeded), 2),
                ClientCpuMsPerJob = Math.Round(clientCpuMs / Math.Max(1, result.Succeeded + result.Failed), 2),
                StorageCpuMsPerJob = storagePids.Count > 0 ? Math.Round(storageCpuMs / Math.Max(1, result.Succeeded), 2) : null,
                PacedPerSecond = Math.Round(paced.PerSecond, 1),
                PacedLatency = pacedLatency,
            });
            BenchContext.Say(string.Create(CultureInfo.InvariantCulture,
                $"submit: {clients,3} clients  {result.Succeeded + result.Failed,6} requests  p50 {latency.P50Ms,7:0.00} ms  p99 {latency.P99Ms,7:0.00} ms  {result.PerSecond,7:0} /s  non-2xx {result.Failed}  (backlog drained in {drained.TotalSeconds:0.0} s)  cpu/job server {serverCpuMs / Math.Max(1, result.Succeeded):0.00} ms client {clientCpuMs / Math.Max(1, result.Succeeded + result.Failed):0.00} ms{(storagePids.Count > 0 ? $" azurite {storageCpuMs / Math.Max(1, result.Succeeded):0.00} ms" : "")}; paced at {pacedRate}/s: p50 {pacedLatency.P50Ms:0.00} p99 {pacedLatency.P99Ms:0.00} ms"));
        }
    }

    private static async Task<(int, double)> SubmitAsync(ApiClient client, CancellationToken cancellationToken)
    {
        var reply = await client.SubmitAsync(Workload.Request(Workload.NewCase(), Workload.OfflineMetrics), null, cancellationToken);
        return (reply.Status, reply.Milliseconds);
    }
}
