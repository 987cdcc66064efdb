using System.Globalization;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Load;
using ScoreJobs.Bench.Reports;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>
/// Submit latency and rate: closed loops of 1, 16, 64... clients posting the offline metric set (no judge), after a
/// warm-up, with the worker scoring the accepted jobs alongside as it would in use. Between levels the backlog is
/// drained so each level starts from an idle worker.
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
            var result = await ClosedLoop.RunAsync(clients, count, limit, (_, ct) => SubmitAsync(client, ct), cancellationToken);
            var latency = result.Samples.Summarize();
            var drained = await Drain.WaitAsync(client, TimeSpan.FromMinutes(3), cancellationToken);
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
            });
            BenchContext.Say(string.Create(CultureInfo.InvariantCulture,
                $"submit: {clients,3} clients  {result.Succeeded + result.Failed,6} requests  p50 {latency.P50Ms,7:0.00} ms  p99 {latency.P99Ms,7:0.00} ms  {result.PerSecond,7:0} /s  non-2xx {result.Failed}  (backlog drained in {drained.TotalSeconds:0.0} s)"));
        }
    }

    private static async Task<(int, double)> SubmitAsync(ApiClient client, CancellationToken cancellationToken)
    {
        var reply = await client.SubmitAsync(Workload.Request(Workload.NewCase(), Workload.OfflineMetrics), null, cancellationToken);
        return (reply.Status, reply.Milliseconds);
    }
}
