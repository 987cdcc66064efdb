using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Load;
using ScoreJobs.Bench.Seeding;
using ScoreJobs.Index;
using ScoreJobs.Index.Sqlite;
using ScoreJobs.Records;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>
/// What one stats call costs as the job count grows, on Core's index in this process (no server, no HTTP): the
/// bench's records (30 days, a third <c>app=faq-bot</c>) written through the index as a server writes them, then stats
/// with no filter, with one app tag, and with the records page's filter (a status, 14 whole days, one app tag), and for
/// contrast one the aggregates cannot answer (the same tag from an hour-precise time), which reads the index rows.
/// Storage mode (Azurite): Table requests per call, counted by <see cref="Index.Tables.TableJobIndex.Requests"/>;
/// embedded: p50/p99 latency.
/// </summary>
internal static class StatsBenchmark
{
    private static readonly string[] IndexFileSuffixes = ["", "-wal", "-shm"];

    public static async Task<IReadOnlyList<string>> RunAsync(BenchContext context, StorageTarget storage, IReadOnlyList<int> sizes, bool quick, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var now = DateTimeOffset.UtcNow;
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var faq = new KeyValuePair<string, string>("app", "faq-bot");
        (string Name, JobFilter Filter)[] filters =
        [
            ("none", JobFilter.None),
            ("tag=app:faq-bot", new JobFilter { Tags = [faq] }),
            ("status, 14 whole days, tag", new JobFilter { Status = JobStatus.Completed, Since = today.AddDays(-20), Until = today.AddDays(-6), Tags = [faq] }),
            ("tag from an hour-precise time (rows, not aggregates)", new JobFilter { Since = today.AddDays(-20).AddHours(3), Tags = [faq] }),
        ];

        foreach (var size in sizes)
        {
            BenchContext.Say($"stats: writing {size:N0} index entries ({storage.Mode})");
            var started = Stopwatch.GetTimestamp();
            if (storage.AzuriteProcess is not null)
            {
                // An Azurite of its own, in memory (see AzuriteProcess.StartAsync): with its disk persistence, 100,000 jobs'
                // entities pass the longest string V8 can serialize them into and the emulator dies mid-seeding.
                await using var azurite = await Testing.AzuriteProcess.StartAsync(inMemory: true, cancellationToken);
                using var http = new HttpClient();
                var index = BlobSeeder.IndexFor(azurite, "stats" + size.ToString(CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6], http);
                // In entity group transactions of 100 (TableJobIndex.AddManyAsync), as a rebuild would leave the table: a write
                // at a time through UpsertAsync took over 5 minutes for 10,000 on this machine. Without the per-job
                // workflow_run_id tag, whose one-entity partitions stats never read and which cannot be batched.
                for (var start = 0; start < size; start += 10_000)
                {
                    var entries = Enumerable.Range(start, Math.Min(10_000, size - start)).Select(i =>
                    {
                        var entry = JobIndexEntry.From(RecordSeeder.Create(i, size, now));
                        var app = entry.Item.RequestSummary.Metadata!["app"];
                        return entry with { Item = entry.Item with { RequestSummary = entry.Item.RequestSummary with { Metadata = new Dictionary<string, string> { ["app"] = app } } } };
                    }).ToList();
                    try
                    {
                        await index.AddManyAsync(entries, cancellationToken);
                    }
                    catch (Exception ex) when (!azurite.IsRunning)
                    {
                        throw new InvalidOperationException($"Azurite stopped after {start:N0} entries: {azurite.Output}", ex);
                    }

                    BenchContext.Say(Invariant($"stats: {start + entries.Count:N0} of {size:N0} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s"));
                }

                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                lines.Add(Invariant($"stats (azurite): {size:N0} jobs written into the Table index in batches of 100 in {seconds:0} s"));
                BenchContext.Say(lines[^1]);
                foreach (var (name, filter) in filters)
                {
                    var total = (await index.StatsAsync(filter, cancellationToken)).Total;
                    var before = index.Requests;
                    var latencies = new LatencySamples();
                    var calls = quick ? 3 : 10;
                    for (var i = 0; i < calls; i++) latencies.Add(await TimeAsync(() => index.StatsAsync(filter, cancellationToken)));
                    var perCall = (index.Requests - before) / (double)calls;
                    var summary = latencies.Summarize();
                    lines.Add(Invariant($"stats (azurite): {size,9:N0} jobs  {name}: {perCall:0.#} Table requests a call, p50 {summary.P50Ms:0.0} / p99 {summary.P99Ms:0.0} ms ({total:N0} jobs counted)"));
                    BenchContext.Say(lines[^1]);
                }
            }
            else
            {
                var folder = Path.Combine(context.Scratch, "stats-" + size.ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(folder);
                using var index = new SqliteJobIndex(Path.Combine(folder, SqliteJobIndex.FileName), NullLogger<SqliteJobIndex>.Instance);
                const int batch = 5000;
                var entries = new JobIndexEntry[batch];
                for (var start = 0; start < size; start += batch)
                {
                    var count = Math.Min(batch, size - start);
                    Parallel.For(0, count, k => entries[k] = JobIndexEntry.From(RecordSeeder.Create(start + k, size, now)));
                    await index.AddManyAsync(entries.Take(count), cancellationToken);
                    if ((start / batch) % 40 == 39) BenchContext.Say($"stats: {start + count:N0} of {size:N0}");
                }

                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                var mib = IndexFileSuffixes.Select(s => new FileInfo(index.FilePath + s)).Where(f => f.Exists).Sum(f => f.Length) / 1048576.0;
                lines.Add(Invariant($"stats (embedded): {size:N0} jobs written through the SQLite index in {seconds:0} s; index {mib:0} MiB"));
                foreach (var (name, filter) in filters)
                {
                    var total = (await index.StatsAsync(filter, cancellationToken)).Total;
                    var calls = name.Contains("rows", StringComparison.Ordinal) ? (quick ? 5 : 20) : (quick ? 100 : 500);
                    var latencies = new LatencySamples();
                    for (var i = 0; i < calls; i++) latencies.Add(await TimeAsync(() => index.StatsAsync(filter, cancellationToken)));
                    var summary = latencies.Summarize();
                    lines.Add(Invariant($"stats (embedded): {size,9:N0} jobs  {name}: p50 {summary.P50Ms:0.00} / p99 {summary.P99Ms:0.00} ms over {calls} calls ({total:N0} jobs counted)"));
                    BenchContext.Say(lines[^1]);
                }

                if (!context.Keep)
                {
                    index.Dispose();
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(folder, recursive: true);
                }
            }
        }

        return lines;
    }

    private static async Task<double> TimeAsync(Func<Task<JobStats>> call)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
