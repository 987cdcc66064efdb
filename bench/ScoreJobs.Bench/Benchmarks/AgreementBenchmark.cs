using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Load;
using ScoreJobs.Bench.Seeding;
using ScoreJobs.Index.Sqlite;
using ScoreJobs.Labels;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>
/// Embedded mode: <c>GET /api/score/agreement</c> over 100,000 labelled jobs (every job labelled by one person: a
/// faithfulness score and a good/bad rating), one client, one request at a time, after a warm-up; whole, filtered by a
/// tag (a third of the jobs), and for metric=rating; each computed anew (a label written before each call) and kept
/// (nothing labelled in between). The agreement route reads only the SQLite index.
/// </summary>
internal static class AgreementBenchmark
{
    public const int Jobs = 100_000;

    public static async Task<IReadOnlyList<string>> RunAsync(BenchContext context, StorageTarget storage, bool quick, CancellationToken cancellationToken)
    {
        if (storage.AzuriteProcess is not null) return ["agreement: embedded mode only (run with --mode embedded)"];
        var settings = storage.NewGroup(context.Scratch, "agreement");
        var folder = settings.JobsDirectory!;
        BenchContext.Say($"agreement: seeding {Jobs:N0} records and their labels");
        var seed = await IndexedFolderSeeder.WriteAsync(folder, Jobs, DateTimeOffset.UtcNow, writeRecords: true, cancellationToken);
        var random = new Random(7);
        using (var index = new SqliteJobIndex(Path.Combine(folder, SqliteJobIndex.FileName), NullLogger<SqliteJobIndex>.Instance))
        {
            var labels = seed.JobIds.Select(id =>
            {
                var human = Math.Round(random.NextDouble(), 2);
                return new JobLabels(id, [new JobLabel
                {
                    Rater = "bench", Scores = new Dictionary<string, double> { ["faithfulness"] = human }, Rating = human >= 0.5 ? "good" : "bad", UpdatedAt = DateTimeOffset.UtcNow,
                }]);
            }).ToList();
            await index.AddManyLabelsAsync(labels, cancellationToken);
        }

        var lines = new List<string>();
        await using (var server = await context.StartServerAsync("agreement", settings, cancellationToken))
        {
            using var client = new ApiClient(server.BaseAddress, null);
            var before = server.ReadMemory();
            var samples = quick ? 10 : 40;
            foreach (var query in new[] { "metric=faithfulness", "metric=faithfulness&tag=app:faq-bot", "metric=rating" })
            {
                for (var i = 0; i < 3; i++) await client.AgreementAsync(query, cancellationToken);
                // Computed: a label written before each call, so each computes its report anew (what the first view after
                // a person labels a job costs). Kept: calls with no labelled pair changed in between.
                foreach (var computed in new[] { true, false })
                {
                    var latencies = new LatencySamples();
                    var cpu = TimeSpan.Zero;
                    int? n = null;
                    for (var i = 0; i < samples; i++)
                    {
                        if (computed) await RelabelAsync(client, seed.JobIds[i], i, cancellationToken);
                        var cpuBefore = server.CpuTime() ?? TimeSpan.Zero;
                        var reply = await client.AgreementAsync(query, cancellationToken);
                        cpu += (server.CpuTime() ?? TimeSpan.Zero) - cpuBefore;
                        if (reply.Status != 200) throw new InvalidOperationException($"agreement answered {reply.Status}: {reply.Error}");
                        latencies.Add(reply.Milliseconds);
                        n = reply.Value?.N;
                    }

                    var summary = latencies.Summarize();
                    // Server CPU per call as well: on a shared machine it says what a call costs whatever the wait for a core.
                    var cpuPerCall = cpu.TotalMilliseconds / samples;
                    var line = string.Create(CultureInfo.InvariantCulture,
                        $"agreement over {Jobs:N0} labelled jobs (embedded), {query}, {(computed ? "computed (a label written before each call)" : "kept (nothing labelled in between)")}: n {n:N0}, p50 {summary.P50Ms:0.0} ms, p99 {summary.P99Ms:0.0} ms, server CPU {cpuPerCall:0} ms a call ({samples} calls, one at a time, load {Reports.MachineInfo.LoadAverage():0.0} on {Environment.ProcessorCount} cores)");
                    BenchContext.Say(line);
                    lines.Add(line);
                }
            }

            // What the server holds for agreement (the index keeps the asked metrics' pairs in memory once asked).
            if (before is not null && server.ReadMemory() is { } after)
            {
                var memory = string.Create(CultureInfo.InvariantCulture,
                    $"agreement: server RSS {before.CurrentMiB:0} MiB before the first agreement call, {after.CurrentMiB:0} MiB after them (peak {after.PeakMiB:0} MiB)");
                BenchContext.Say(memory);
                lines.Add(memory);
            }
        }

        if (!context.Keep) Directory.Delete(folder, recursive: true);
        return lines;
    }

    private static async Task RelabelAsync(ApiClient client, string jobId, int i, CancellationToken cancellationToken)
    {
        var human = (i % 10) / 10.0;
        var body = string.Create(CultureInfo.InvariantCulture, $$"""{"scores":{"faithfulness":{{human}}},"rating":"{{(human >= 0.5 ? "good" : "bad")}}"}""");
        var request = new HttpRequestMessage(HttpMethod.Put, $"api/score/jobs/{jobId}/labels/bench")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        var reply = await client.SendRawAsync(request, authorize: true, cancellationToken);
        if (reply.Status != 200) throw new InvalidOperationException($"the label PUT answered {reply.Status}: {reply.Value ?? reply.Error}");
    }
}
