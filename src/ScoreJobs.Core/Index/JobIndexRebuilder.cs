using System.Runtime.CompilerServices;
using ScoreJobs.Labels;
using ScoreJobs.Storage;

namespace ScoreJobs.Index;

/// <summary>
/// Rebuilds the job index from the records, the source of truth: every record's list item, read the way the store
/// lists them (file by file in a folder; blob metadata in a container, no downloads), then every job's labels from the
/// label store. The server's <c>index rebuild</c> command runs it; embedded mode also runs it at start when the index
/// file is new.
/// </summary>
public sealed class JobIndexRebuilder(IJobStore store, IJobIndex index, ILabelStore labels)
{
    public async Task<long> RebuildAsync(CancellationToken cancellationToken)
    {
        var records = store is IndexedJobStore indexed ? indexed.Records : store;
        var count = await index.RebuildAsync(EntriesAsync(records, cancellationToken), cancellationToken).ConfigureAwait(false);
        await foreach (var job in labels.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            await index.SetLabelsAsync(job.JobId, job.Labels, cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    private static async IAsyncEnumerable<JobIndexEntry> EntriesAsync(IJobStore records, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in records.ListItemsAsync(null, 5000, cancellationToken).ConfigureAwait(false))
        {
            yield return JobIndexEntry.From(item);
        }
    }
}
