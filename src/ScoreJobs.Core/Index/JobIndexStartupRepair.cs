using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ScoreJobs.Index.Sqlite;
using ScoreJobs.Storage;
using ScoreJobs.Storage.Local;

namespace ScoreJobs.Index;

/// <summary>
/// Embedded mode, at start and before recovery reads the index: an index file that is new (first start over an
/// existing folder, or a deleted or unreadable index) is rebuilt from the records; otherwise only the jobs whose record
/// write began and never settled (the process was killed in between) are read again, and the temporary files such a
/// kill leaves are removed. No other record is read.
/// </summary>
internal sealed class JobIndexStartupRepair(
    IJobStore store, LocalFolderJobStore folder, SqliteJobIndex index, JobIndexRebuilder rebuilder, ILogger<JobIndexStartupRepair> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (index.IsNew)
        {
            folder.DeleteStaleTemporaryFiles();
            var count = await rebuilder.RebuildAsync(cancellationToken).ConfigureAwait(false);
            if (count > 0) Log.IndexRebuilt(logger, count, index.FilePath, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return;
        }

        if (store is IndexedJobStore indexed)
        {
            var repaired = await indexed.RepairUnsettledAsync(cancellationToken).ConfigureAwait(false);
            if (repaired == 0) return;
            folder.DeleteStaleTemporaryFiles();
            Log.IndexRepaired(logger, repaired, index.FilePath);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
