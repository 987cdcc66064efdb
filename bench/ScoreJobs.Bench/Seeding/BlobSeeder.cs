using ScoreJobs.Records;
using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Index;
using ScoreJobs.Index.Tables;
using ScoreJobs.Json;
using ScoreJobs.Storage.Azure;
using ScoreJobs.Testing;

namespace ScoreJobs.Bench.Seeding;

/// <summary>
/// Completed job records written as blobs into Azurite before the server starts, through Core's own
/// <see cref="BlobJobStore"/> and the job index beside them (<see cref="IndexedJobStore"/> over a <see cref="TableJobIndex"/>),
/// as a server that had written them would have left both.
/// </summary>
internal static class BlobSeeder
{
    public static async Task<SeedResult> WriteBlobsAsync(AzuriteProcess azurite, ServerSettings settings, int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var account = StorageAccountSettings.FromConnectionString(azurite.ConnectionString);
        using var http = new HttpClient();
        var container = settings.Extra["ScoreJobs__Container"];
        var blobs = new BlobJobStore(account, container, http, NullLogger<BlobJobStore>.Instance);
        using var store = new IndexedJobStore(blobs, IndexFor(azurite, container, http));
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

    /// <summary>The container's Table index as the server opens it, through Core's <see cref="TableJobIndex"/>.</summary>
    public static TableJobIndex IndexFor(AzuriteProcess azurite, string container, HttpClient http)
    {
        var options = new TableClientOptions(TableClientOptions.ServiceVersion.V2020_12_06) { Transport = new Azure.Core.Pipeline.HttpClientTransport(http) };
        var table = new TableServiceClient(azurite.ConnectionString, options).GetTableClient(TableJobIndex.TableNameFor(container));
        return new TableJobIndex(table, NullLogger<TableJobIndex>.Instance);
    }
}
