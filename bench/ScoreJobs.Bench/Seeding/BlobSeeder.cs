using ScoreJobs.Records;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Json;
using ScoreJobs.Storage.Azure;
using ScoreJobs.Testing;

namespace ScoreJobs.Bench.Seeding;

/// <summary>
/// Completed job records written as blobs into Azurite before the server starts, through Core's own
/// <see cref="BlobJobStore"/> (so each blob carries the list-item metadata the server's listing reads).
/// </summary>
internal static class BlobSeeder
{
    public static async Task<SeedResult> WriteBlobsAsync(AzuriteProcess azurite, ServerSettings settings, int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var account = StorageAccountSettings.FromConnectionString(azurite.ConnectionString);
        using var http = new HttpClient();
        var container = settings.Extra["ScoreJobs__Container"];
        var store = new BlobJobStore(account, container, http, NullLogger<BlobJobStore>.Instance);
        var started = Stopwatch.GetTimestamp();
        var ids = new string[count];
        long bytes = 0;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var record = RecordSeeder.Create(i, count, now);
            if (!await store.TryCreateAsync(record, ct)) throw new InvalidOperationException($"blob {record.JobId} already existed");
            ids[i] = record.JobId;
            Interlocked.Add(ref bytes, JsonSerializer.SerializeToUtf8Bytes(record, RecordJsonContext.Readable.JobRecord).Length);
        });
        Array.Sort(ids, StringComparer.Ordinal);
        return new SeedResult(ids, bytes, Stopwatch.GetElapsedTime(started));
    }
}
