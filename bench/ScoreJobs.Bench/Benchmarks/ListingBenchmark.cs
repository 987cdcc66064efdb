using System.Globalization;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Load;
using ScoreJobs.Bench.Reports;
using ScoreJobs.Bench.Seeding;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>
/// With 1,000 / 10,000 / 100,000 records stored: how long the server takes to start (it indexes the records),
/// newest-page list and get latency from one client after a warm-up, and the server's peak and current memory.
/// </summary>
internal static class ListingBenchmark
{
    private const int PageSize = 50;

    public static async Task RunAsync(BenchContext context, StorageTarget storage, IReadOnlyList<int> sizes, bool quick, bool indexOnly, CancellationToken cancellationToken)
    {
        foreach (var size in sizes)
        {
            // Information level for the one line that says how long indexing took; no job runs here.
            var settings = storage.NewGroup(context.Scratch, "listing") with { LogLevel = "Information" };
            var now = DateTimeOffset.UtcNow;
            BenchContext.Say($"listing: seeding {size:N0} records");
            var (seed, via) = storage.AzuriteProcess is null
                ? (await IndexedFolderSeeder.WriteAsync(settings.JobsDirectory!, size, now, writeRecords: !indexOnly, cancellationToken),
                    indexOnly ? "SQLite index only (no record files) written before start" : "files + SQLite index written before start")
                : (await BlobSeeder.WriteBlobsAsync(storage.AzuriteProcess, settings, size, now, cancellationToken), "blobs + table index written before start");
            // Status, a date range of whole days and one tag: a third of the records are app=faq-bot, all completed.
            var filtered = string.Create(CultureInfo.InvariantCulture,
                $"status=completed&since={now.AddDays(-20):yyyy-MM-dd}&until={now.AddDays(-6):yyyy-MM-dd}&tag=app:faq-bot");
            BenchContext.Say(string.Create(CultureInfo.InvariantCulture, $"listing: seeded {size:N0} records ({seed.Bytes / 1048576.0:0} MiB) in {seed.Elapsed.TotalSeconds:0.0} s; starting the server"));

            await using (var server = await context.StartServerAsync($"listing-{size}", settings, cancellationToken))
            {
                using var client = new ApiClient(server.BaseAddress, null);
                var samples = quick ? 300 : 2000;
                var ids = seed.JobIds;

                // Warm-up: JIT, connection, caches; then measured loops, one client, one request at a time.
                await MeasureAsync(200, _ => client.ListAsync("limit=" + PageSize.ToString(CultureInfo.InvariantCulture), cancellationToken));
                var gets = indexOnly && storage.AzuriteProcess is null ? 0 : samples;
                await MeasureAsync(Math.Min(gets, 200), i => client.GetAsync(ids[Random.Shared.Next(ids.Count)], cancellationToken));
                var storagePids = ProcessCpu.Children("azurite");
                var (serverCpu, storageCpu) = (server.CpuTime() ?? TimeSpan.Zero, ProcessCpu.Sum(storagePids));
                var list = await MeasureAsync(samples, _ => client.ListAsync("limit=" + PageSize.ToString(CultureInfo.InvariantCulture), cancellationToken));
                var listServerCpu = ((server.CpuTime() ?? TimeSpan.Zero) - serverCpu).TotalMilliseconds / samples;
                var listStorageCpu = (ProcessCpu.Sum(storagePids) - storageCpu).TotalMilliseconds / samples;
                var get = await MeasureAsync(gets, _ => client.GetAsync(ids[Random.Shared.Next(ids.Count)], cancellationToken));
                await MeasureAsync(50, _ => client.ListAsync("limit=50&" + filtered, cancellationToken));
                var filteredList = await MeasureAsync(samples, _ => client.ListAsync("limit=50&" + filtered, cancellationToken));
                var statsSamples = storage.AzuriteProcess is null ? (quick ? 100 : 500) : 20;
                await MeasureAsync(5, _ => client.StatsAsync(cancellationToken));
                var stats = await MeasureAsync(statsSamples, _ => client.StatsAsync(cancellationToken));
                var filteredStats = await MeasureAsync(Math.Max(10, statsSamples / 5), _ => client.StatsAsync(cancellationToken, filtered));
                var matches = (await client.StatsAsync(cancellationToken, filtered)).Value?.Total;
                // The newest page again, now that everything is warm: the first loop's tail includes tiered JIT.
                var listAgain = await MeasureAsync(samples, _ => client.ListAsync("limit=" + PageSize.ToString(CultureInfo.InvariantCulture), cancellationToken));
                var requests = storage.AzuriteProcess is { } azurite ? await TableRequestsAsync(azurite, settings, filtered, cancellationToken) : default;
                var memory = server.ReadMemory();
                var figure = new ListingFigure
                {
                    Mode = storage.Mode,
                    Records = size,
                    SeededVia = via,
                    SeedSeconds = Math.Round(seed.Elapsed.TotalSeconds, 2),
                    StartupMs = Math.Round(server.LastStartup.TotalMilliseconds),
                    IndexMs = IndexMilliseconds(server.Tail(200)),
                    List = list,
                    Get = get,
                    PageSize = PageSize,
                    ListServerCpuMs = Math.Round(listServerCpu, 2),
                    ListStorageCpuMs = storagePids.Count > 0 ? Math.Round(listStorageCpu, 2) : null,
                    PeakMiB = Math.Round(memory?.PeakMiB ?? 0, 1),
                    RssMiB = Math.Round(memory?.CurrentMiB ?? 0, 1),
                    BytesPerRecordOnDisk = Math.Round(seed.Bytes / (double)Math.Max(size, 1)),
                    FilteredList = filteredList,
                    ListAgain = listAgain,
                    FilteredQuery = filtered,
                    FilteredMatches = matches,
                    Stats = stats,
                    FilteredStats = filteredStats,
                    IndexMiB = settings.JobsDirectory is { } jobs ? Math.Round(IndexBytes(jobs) / 1048576.0, 1) : null,
                    TableRequestsPerNewestPage = requests.Newest,
                    TableRequestsPerFilteredPage = requests.Filtered,
                    TableRequestsPerFilteredStats = requests.Stats,
                    LoadAverage = Reports.MachineInfo.LoadAverage(),
                };
                context.Results.Listing.Add(figure);
                BenchContext.Say(string.Create(CultureInfo.InvariantCulture,
                    $"listing: newest page again p50 {listAgain.P50Ms:0.00} p99 {listAgain.P99Ms:0.00} ms  filtered page p50 {filteredList.P50Ms:0.00} p99 {filteredList.P99Ms:0.00} ms ({matches} match)  stats p50 {stats.P50Ms:0.00} p99 {stats.P99Ms:0.00} ms  filtered stats p50 {filteredStats.P50Ms:0.00} p99 {filteredStats.P99Ms:0.00} ms  index {figure.IndexMiB} MiB  table requests newest/filtered/stats {requests.Newest}/{requests.Filtered}/{requests.Stats}"));
                BenchContext.Say(string.Create(CultureInfo.InvariantCulture,
                    $"listing: {size,7:N0} records  start {figure.StartupMs,6:0} ms (index {figure.IndexMs} ms)  list p50 {list.P50Ms:0.00} p99 {list.P99Ms:0.00} ms  get p50 {get.P50Ms:0.00} p99 {get.P99Ms:0.00} ms  peak {figure.PeakMiB:0} MiB  now {figure.RssMiB:0} MiB  cpu/list server {figure.ListServerCpuMs} ms storage {figure.ListStorageCpuMs} ms"));
            }

            if (settings.JobsDirectory is { } folder && !context.Keep) Directory.Delete(folder, recursive: true);
        }
    }

    private static readonly string[] IndexFileSuffixes = ["", "-wal", "-shm"];

    private static long IndexBytes(string folder) =>
        IndexFileSuffixes.Select(suffix => new FileInfo(Path.Combine(folder, Index.Sqlite.SqliteJobIndex.FileName + suffix)))
            .Where(f => f.Exists).Sum(f => f.Length);

    /// <summary>Table requests one call costs, counted on Core's Table index in this process (the server's own is out of reach).</summary>
    private static async Task<(double? Newest, double? Filtered, double? Stats)> TableRequestsAsync(
        Testing.AzuriteProcess azurite, ServerSettings settings, string filtered, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var index = BlobSeeder.IndexFor(azurite, settings.Extra["ScoreJobs__Container"], http);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(filtered);
        var filter = new Index.JobFilter
        {
            Status = Records.JobStatus.Completed,
            Since = DateTimeOffset.Parse(query["since"]!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            Until = DateTimeOffset.Parse(query["until"]!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).AddDays(1),
            Tags = [new("app", "faq-bot")],
        };
        await index.ListAsync(Index.JobFilter.None, PageSize, null, cancellationToken);
        async Task<double> PerCallAsync(Func<Task> call, int calls)
        {
            var before = index.Requests;
            for (var i = 0; i < calls; i++) await call();
            return Math.Round((index.Requests - before) / (double)calls, 1);
        }

        return (await PerCallAsync(() => index.ListAsync(Index.JobFilter.None, PageSize, null, cancellationToken), 10),
            await PerCallAsync(() => index.ListAsync(filter, PageSize, null, cancellationToken), 10),
            await PerCallAsync(() => index.StatsAsync(filter, cancellationToken), 1));
    }

    /// <summary>What the local store logs when it has indexed the folder: "Indexed N job records in DIR in M ms".</summary>
    private static double? IndexMilliseconds(string log)
    {
        var match = System.Text.RegularExpressions.Regex.Match(log, @"Indexed \d+ job records in .* in (\d+) ms");
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private static async Task<LatencySummary> MeasureAsync<T>(int count, Func<int, Task<ApiReply<T>>> call)
        where T : class
    {
        var samples = new LatencySamples();
        var failures = 0;
        for (var i = 0; i < count; i++)
        {
            var reply = await call(i);
            if (reply.Status == 200) samples.Add(reply.Milliseconds);
            else if (++failures > 10) throw new InvalidOperationException($"the server keeps failing: {reply.Status} {reply.Error}");
        }

        return samples.Summarize();
    }
}
