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

    public static async Task RunAsync(BenchContext context, StorageTarget storage, IReadOnlyList<int> sizes, bool quick, CancellationToken cancellationToken)
    {
        foreach (var size in sizes)
        {
            // Information level for the one line that says how long indexing took; no job runs here.
            var settings = storage.NewGroup(context.Scratch, "listing") with { LogLevel = "Information" };
            var now = DateTimeOffset.UtcNow;
            BenchContext.Say($"listing: seeding {size:N0} records");
            var (seed, via) = storage.AzuriteProcess is null
                ? (RecordSeeder.WriteFiles(settings.JobsDirectory!, size, now), "files written before start")
                : (await BlobSeeder.WriteBlobsAsync(storage.AzuriteProcess, settings, size, now, cancellationToken), "blobs written before start");
            BenchContext.Say(string.Create(CultureInfo.InvariantCulture, $"listing: seeded {size:N0} records ({seed.Bytes / 1048576.0:0} MiB) in {seed.Elapsed.TotalSeconds:0.0} s; starting the server"));

            await using (var server = await context.StartServerAsync($"listing-{size}", settings, cancellationToken))
            {
                using var client = new ApiClient(server.BaseAddress, null);
                var samples = quick ? 300 : 2000;
                var ids = seed.JobIds;

                // Warm-up: JIT, connection, caches; then measured loops, one client, one request at a time.
                await MeasureAsync(200, _ => client.ListAsync("limit=" + PageSize.ToString(CultureInfo.InvariantCulture), cancellationToken));
                await MeasureAsync(200, i => client.GetAsync(ids[Random.Shared.Next(ids.Count)], cancellationToken));
                var storagePids = ProcessCpu.Children("azurite");
                var (serverCpu, storageCpu) = (server.CpuTime() ?? TimeSpan.Zero, ProcessCpu.Sum(storagePids));
                var list = await MeasureAsync(samples, _ => client.ListAsync("limit=" + PageSize.ToString(CultureInfo.InvariantCulture), cancellationToken));
                var listServerCpu = ((server.CpuTime() ?? TimeSpan.Zero) - serverCpu).TotalMilliseconds / samples;
                var listStorageCpu = (ProcessCpu.Sum(storagePids) - storageCpu).TotalMilliseconds / samples;
                var get = await MeasureAsync(samples, _ => client.GetAsync(ids[Random.Shared.Next(ids.Count)], cancellationToken));
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
                };
                context.Results.Listing.Add(figure);
                BenchContext.Say(string.Create(CultureInfo.InvariantCulture,
                    $"listing: {size,7:N0} records  start {figure.StartupMs,6:0} ms (index {figure.IndexMs} ms)  list p50 {list.P50Ms:0.00} p99 {list.P99Ms:0.00} ms  get p50 {get.P50Ms:0.00} p99 {get.P99Ms:0.00} ms  peak {figure.PeakMiB:0} MiB  now {figure.RssMiB:0} MiB  cpu/list server {figure.ListServerCpuMs} ms storage {figure.ListStorageCpuMs} ms"));
            }

            if (settings.JobsDirectory is { } folder && !context.Keep) Directory.Delete(folder, recursive: true);
        }
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
