using ScoreJobs.Records;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ScoreJobs.Index;
using ScoreJobs.Index.Sqlite;
using ScoreJobs.Json;

namespace ScoreJobs.Bench.Seeding;

/// <summary>
/// Embedded mode's seeding: <see cref="RecordSeeder"/>'s records as files in the jobs folder and, in the same pass, their
/// entries in the folder's SQLite index (through Core's <see cref="SqliteJobIndex"/>), as a server that had written them
/// would have left both. Batches of 5,000, so memory stays flat at a million records.
/// </summary>
internal static class IndexedFolderSeeder
{
    private const int Batch = 5000;

    /// <summary>The records and their entries; with <paramref name="writeRecords"/> false the entries only (a server started over an index reads no record).</summary>
    public static async Task<SeedResult> WriteAsync(string folder, int count, DateTimeOffset now, bool writeRecords, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var started = Stopwatch.GetTimestamp();
        var ids = new string[count];
        long bytes = 0;
        using var index = new SqliteJobIndex(Path.Combine(folder, SqliteJobIndex.FileName), NullLogger<SqliteJobIndex>.Instance);
        var entries = new JobIndexEntry[Batch];
        for (var start = 0; start < count; start += Batch)
        {
            var size = Math.Min(Batch, count - start);
            Parallel.For(0, size, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, k =>
            {
                var record = RecordSeeder.Create(start + k, count, now);
                ids[start + k] = record.JobId;
                entries[k] = JobIndexEntry.From(record);
                if (!writeRecords) return;
                var json = JsonSerializer.SerializeToUtf8Bytes(record, RecordJsonContext.Readable.JobRecord);
                File.WriteAllBytes(Path.Combine(folder, record.JobId + ".json"), json);
                Interlocked.Add(ref bytes, json.Length);
            });
            await index.AddManyAsync(entries.Take(size), cancellationToken);
            if ((start / Batch) % 20 == 19) Console.WriteLine($"  seeded {start + size:N0} of {count:N0} records");
        }

        Array.Sort(ids, StringComparer.Ordinal);
        return new SeedResult(ids, bytes, Stopwatch.GetElapsedTime(started));
    }
}
