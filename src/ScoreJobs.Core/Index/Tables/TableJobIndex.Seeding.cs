using Azure.Data.Tables;

namespace ScoreJobs.Index.Tables;

internal sealed partial class TableJobIndex
{
    /// <summary>
    /// Adds many new entries at once (seeding and tools, with no other writer): each partition's entities in entity group
    /// transactions of 100, then the stats shards they fall in, added to what those shards held. The layout is the one
    /// <see cref="UpsertAsync"/> leaves; entries already in the index would be counted twice.
    /// </summary>
    public async Task AddManyAsync(IReadOnlyList<JobIndexEntry> entries, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var shards = new Dictionary<(string Partition, string Row), StatsShard>();
        var batches = new List<List<TableTransactionAction>>();
        foreach (var partition in entries.SelectMany(e => TableIndexKeys.Of(e).Select(k => (Key: k, Entry: e))).GroupBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                batches.Add([.. chunk.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    Entity(p.Key, p.Entry, ItemJson(p.Entry.Item), p.Key == TableIndexKeys.All ? TableIndexKeys.Of(p.Entry) : null)))]);
            }
        }

        foreach (var entry in entries) TableStatsAggregates.Add(shards, entry);
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (batch, ct) =>
        {
            Interlocked.Increment(ref _requests);
            await table.SubmitTransactionAsync(batch, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        await _aggregates.AddAsync(shards, cancellationToken).ConfigureAwait(false);
    }
}
