using System.Diagnostics;
using System.Globalization;
using ScoreJobs.Bench.Seeding;
using ScoreJobs.Index;
using ScoreJobs.Records;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>
/// How often the Table index's conditional writes lose a race (409/412, then read again and redo) when many jobs of the
/// same day are written at once, as a server's worker writes them: each job queued, running, then completed, through
/// Core's <see cref="Index.Tables.TableJobIndex"/> in this process on an Azurite of its own, one writer and then
/// <c>--concurrency</c> writers. Every write of a job changes its entity and its day's stats shard (32 a day) in the
/// partitions <c>all</c> and <c>tag|app=…</c> together, so writers of the same day meet on those shards.
/// </summary>
internal static class ShardContentionBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(int jobs, int concurrency, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        await using var azurite = await Testing.AzuriteProcess.StartAsync(inMemory: true, cancellationToken);
        using var http = new HttpClient();
        var now = DateTimeOffset.UtcNow;
        foreach (var (writers, count) in new[] { (1, Math.Min(jobs, 100)), (concurrency, jobs) })
        {
            var index = BlobSeeder.IndexFor(azurite, "contention" + writers.ToString(CultureInfo.InvariantCulture), http);
            // Created within the last hour or so: one UTC day, as a live workload's writes are (more with a run near midnight).
            var entries = Enumerable.Range(0, count).Select(i => JobIndexEntry.From(RecordSeeder.Create(i, count * 720, now))).ToList();
            var days = entries.Select(e => e.Day).Distinct(StringComparer.Ordinal).Count();
            await index.StatsAsync(JobFilter.None, cancellationToken);
            var requests = index.Requests;
            var started = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = writers, CancellationToken = cancellationToken }, async (entry, ct) =>
            {
                var queued = entry with
                {
                    Item = entry.Item with { Status = JobStatus.Queued, StartedAt = null, FinishedAt = null, WeightedScore = null, Scores = entry.Item.Scores.ToDictionary(s => s.Key, _ => (double?)null) },
                };
                await index.UpsertAsync(queued, ct);
                await index.UpsertAsync(queued with { Item = queued.Item with { Status = JobStatus.Running, StartedAt = entry.Item.StartedAt } }, ct);
                await index.UpsertAsync(entry, ct);
            });
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var total = (await index.StatsAsync(JobFilter.None, cancellationToken)).Total;
            if (total != count) throw new InvalidOperationException($"stats count {total:N0} jobs of {count:N0} written");
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"contention (azurite): {writers,2} writers, {count:N0} jobs of {days} day(s), 3 writes each: {count / seconds:0.0} jobs/s, {(index.Requests - requests) / (double)count:0.0} Table requests a job, {index.LostRaces:N0} lost races ({index.LostRaces / (3.0 * count):0.000} a write); stats count {total:N0}"));
            BenchContext.Say(lines[^1]);
        }

        return lines;
    }
}
