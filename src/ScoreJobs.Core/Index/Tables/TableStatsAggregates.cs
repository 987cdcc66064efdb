using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using ScoreJobs.Json;
using ScoreJobs.Records;
using ScoreJobs.Storage;

namespace ScoreJobs.Index.Tables;

/// <summary>
/// Stats aggregates of the Table index, so that a stats call reads O(days) entities whatever the job count: the
/// <c>all</c> partition and each aggregated tag's partition (<see cref="AggregatedTags"/>) end with shard entities
/// (row keys <c>~stats|{day}|{shard}</c>, after every job id), each a <see cref="StatsShard"/> of that day's jobs
/// whose id hashes to it. A job's entity in such a partition and its shard change in one entity group transaction,
/// conditional on both ETags, retried on a lost race (as the run tallies are). Chosen over sharded counters apart from
/// the entities: a counter added to beside a write can count a retried write twice or miss one cut short, while a
/// shard changed with the entity counts each entity's current content exactly once however often it is written.
/// A table written before the aggregates existed has jobs and no <c>~stats-ready</c> marker (in <c>all</c>): its stats
/// are read from the entities, with a warning, until <c>index rebuild</c> sums the shards and sets the marker. A new,
/// empty table is marked at its first stats call.
/// </summary>
internal sealed class TableStatsAggregates(TableClient table, ILogger logger, TimeProvider time)
{
    public const string RowPrefix = "~stats|";
    private const string RowEnd = "~stats}";
    private const int Shards = 32;
    private const string StatsProperty = "Stats";
    private const string ItemProperty = "Item";
    private const string RunIdProperty = "RunId";
    private const int MaxPerRequest = 1000;
    private const string ReadyRow = "~stats-ready";

    // Every write of a day shares its few shards, so writers collide often: many attempts, a short jittered pause.
    private readonly ConditionalUpdate _writes = new(time, attempts: 100, pause: TimeSpan.FromMilliseconds(3));
    private long _requests;
    private long _lostRaces;
    private volatile bool _ready;
    private volatile bool _warned;

    /// <summary>Table requests sent for aggregates (writes and reads).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Shard writes redone because another write changed the entity or the shard first (409 or 412).</summary>
    public long LostRaces => Interlocked.Read(ref _lostRaces);

    /// <summary>True when the partition keeps stats shards: <c>all</c> and the aggregated tags' (not hashed) partitions.</summary>
    public static bool IsCounted(string partition) =>
        partition == TableIndexKeys.All || AggregatedTags.Keys.Any(k => partition.StartsWith("tag|" + Uri.EscapeDataString(k) + "=", StringComparison.Ordinal));

    /// <summary>The shard a job's share is kept in, in any counted partition.</summary>
    public static string ShardRow(string day, string jobId) =>
        RowPrefix + day + "|" + JobShard.Of(jobId, Shards).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>The properties <see cref="WriteAsync"/> reads of a job's old entity (a caller that hands it a read selects these too).</summary>
    public static readonly string[] OldEntityProperties = [ItemProperty, RunIdProperty];

    /// <summary>
    /// Replaces (with <paramref name="entry"/>) or deletes (null) the job's entity in <paramref name="partition"/> together
    /// with its shard: the old entity's share out, the new one's in. <paramref name="firstRead"/>, the job's entity as
    /// the caller just read it (with <see cref="OldEntityProperties"/>), stands in for the first attempt's read: the
    /// transaction is conditional on its ETag, so a read gone stale loses the race and the next attempt reads afresh.
    /// </summary>
    public async Task WriteAsync(
        string partition, string jobId, TableEntity? replacement, JobIndexEntry? entry, string? itemJson, NullableResponse<TableEntity>? firstRead,
        CancellationToken cancellationToken)
    {
        await EntityGroupWrite.RunAsync(_writes, table, async ct =>
        {
            var shardRow = entry is null ? null : ShardRow(entry.Day, jobId);
            var handed = firstRead;
            firstRead = null;
            var shardRead = shardRow is null ? null : ReadShardAsync(partition, shardRow, ct);
            var old = (handed ?? await ReadOldAsync(partition, jobId, ct).ConfigureAwait(false)) is { HasValue: true } o ? o.Value : null;
            // "Nothing to write" has no ETag to check: a handed read only decides it when it is confirmed by a fresh one.
            if (handed is not null && (entry is null ? old is null : old?.GetString(ItemProperty) == itemJson))
            {
                old = (await ReadOldAsync(partition, jobId, ct).ConfigureAwait(false)) is { HasValue: true } fresh ? fresh.Value : null;
            }

            if (entry is null ? old is null : old?.GetString(ItemProperty) == itemJson)
            {
                if (shardRead is not null) await shardRead.ConfigureAwait(false);
                return null;
            }

            var oldItem = old is null ? null : ReadItem(old);
            shardRow ??= oldItem is null ? null : ShardRow(JobIndexEntry.DayOf(oldItem.CreatedAt), jobId);
            var shard = shardRead is not null ? await shardRead.ConfigureAwait(false) : shardRow is null ? null : await ReadShardAsync(partition, shardRow, ct).ConfigureAwait(false);
            var actions = new List<TableTransactionAction>(2)
            {
                replacement is null ? new(TableTransactionActionType.Delete, new TableEntity(partition, jobId), old!.ETag)
                    : old is null ? new(TableTransactionActionType.Add, replacement)
                    : new(TableTransactionActionType.UpdateReplace, replacement, old.ETag),
            };
            if (shardRow is not null)
            {
                var tally = shard is null ? new StatsShard() : Parse(shard);
                if (oldItem is not null) tally.Apply(oldItem, old!.GetString(RunIdProperty) is null, -1);
                if (entry is not null) tally.Apply(entry.Item, entry.RunId is null, +1);
                actions.Add(shard is null ? new(TableTransactionActionType.Add, ShardEntity(partition, shardRow, tally))
                    : new(TableTransactionActionType.UpdateReplace, ShardEntity(partition, shardRow, tally), shard.ETag));
            }

            return actions;
        }, () => Interlocked.Increment(ref _requests), () => Interlocked.Increment(ref _lostRaces), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The stats of <paramref name="filter"/> from the shards, when they answer it (no tag or one aggregated tag, whole
    /// UTC days, a status and a source at most); null otherwise. Reads the shards of the filter's days: 32 a day.
    /// </summary>
    public async Task<JobStats?> StatsAsync(JobFilter filter, CancellationToken cancellationToken)
    {
        var partition = filter.Tags.Count == 0 ? TableIndexKeys.All
            : AggregatedTags.Single(filter) is { } tag ? TableIndexKeys.Tag(tag.Key, tag.Value) : null;
        if (partition is null || !IsCounted(partition) || !AggregatedTags.FitsDays(filter)) return null;
        if (!await ReadyAsync(cancellationToken).ConfigureAwait(false)) return null;

        var from = filter.Since is { } since ? RowPrefix + JobIndexEntry.DayOf(since) : RowPrefix;
        var to = filter.Until is { } until ? RowPrefix + JobIndexEntry.DayOf(until) : RowEnd;
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}");
        var stats = new JobStatsBuilder();
        string? continuation = null;
        do
        {
            Interlocked.Increment(ref _requests);
            Page<TableEntity>? page = null;
            await foreach (var p in table.QueryAsync<TableEntity>(query, MaxPerRequest, ["RowKey", StatsProperty], cancellationToken).AsPages(continuation, MaxPerRequest).ConfigureAwait(false))
            {
                page = p;
                break;
            }

            if (page is null) break;
            foreach (var entity in page.Values)
            {
                var day = entity.RowKey.Substring(RowPrefix.Length, 10);
                Parse(entity).AddTo(stats, day, filter);
            }

            continuation = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(continuation));

        return stats.Build();
    }

    /// <summary>Every job's share, as <see cref="WriteAsync"/> keeps it, added up in memory for a rebuild.</summary>
    public static void Add(Dictionary<(string Partition, string Row), StatsShard> shards, JobIndexEntry entry)
    {
        var row = ShardRow(entry.Day, entry.JobId);
        foreach (var partition in TableIndexKeys.Of(entry).Where(IsCounted))
        {
            if (!shards.TryGetValue((partition, row), out var shard)) shards[(partition, row)] = shard = new StatsShard();
            shard.Apply(entry.Item, entry.RunId is null, +1);
        }
    }

    /// <summary>Makes the table's shards exactly <paramref name="shards"/>: the others are deleted. For a rebuild, with no other writer.</summary>
    public async Task ReplaceAllAsync(Dictionary<(string Partition, string Row), StatsShard> shards, CancellationToken cancellationToken)
    {
        var stale = new List<(string, string)>();
        var query = TableClient.CreateQueryFilter($"RowKey ge {RowPrefix} and RowKey lt {RowEnd}");
        await foreach (var page in table.QueryAsync<TableEntity>(query, MaxPerRequest, ["PartitionKey", "RowKey"], cancellationToken).AsPages().ConfigureAwait(false))
        {
            Interlocked.Increment(ref _requests);
            stale.AddRange(page.Values.Select(e => (e.PartitionKey, e.RowKey)).Where(k => !shards.ContainsKey(k)));
        }

        await Parallel.ForEachAsync(stale, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (key, ct) =>
        {
            Interlocked.Increment(ref _requests);
            await table.DeleteEntityAsync(key.Item1, key.Item2, ETag.All, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        await Parallel.ForEachAsync(shards, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (shard, ct) =>
        {
            Interlocked.Increment(ref _requests);
            await table.UpsertEntityAsync(ShardEntity(shard.Key.Partition, shard.Key.Row, shard.Value), TableUpdateMode.Replace, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Marks the shards as counting every job (after a rebuild, or on an empty table).</summary>
    public async Task MarkReadyAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        await table.UpsertEntityAsync(new TableEntity(TableIndexKeys.All, ReadyRow), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        _ready = true;
    }

    private async Task<bool> ReadyAsync(CancellationToken cancellationToken)
    {
        if (_ready) return true;
        Interlocked.Increment(ref _requests);
        if ((await table.GetEntityIfExistsAsync<TableEntity>(TableIndexKeys.All, ReadyRow, ["RowKey"], cancellationToken).ConfigureAwait(false)).HasValue) return _ready = true;

        Interlocked.Increment(ref _requests);
        var anyJob = TableClient.CreateQueryFilter($"PartitionKey eq {TableIndexKeys.All} and RowKey lt {"~"}");
        await foreach (var page in table.QueryAsync<TableEntity>(anyJob, 1, ["RowKey"], cancellationToken).AsPages(null, 1).ConfigureAwait(false))
        {
            if (page.Values.Count == 0 && page.ContinuationToken is null) break;
            if (!_warned)
            {
                _warned = true;
                Log.StatsAggregatesMissing(logger, table.Name);
            }

            return false;
        }

        await MarkReadyAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Adds <paramref name="shards"/> to the table's (seeding, with no other writer).</summary>
    public async Task AddAsync(Dictionary<(string Partition, string Row), StatsShard> shards, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(shards, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (shard, ct) =>
        {
            var sum = shard.Value;
            if (await ReadShardAsync(shard.Key.Partition, shard.Key.Row, ct).ConfigureAwait(false) is { } existing)
            {
                sum = Parse(existing);
                sum.Merge(shard.Value);
            }

            Interlocked.Increment(ref _requests);
            await table.UpsertEntityAsync(ShardEntity(shard.Key.Partition, shard.Key.Row, sum), TableUpdateMode.Replace, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);

    private Task<NullableResponse<TableEntity>> ReadOldAsync(string partition, string jobId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return table.GetEntityIfExistsAsync<TableEntity>(partition, jobId, OldEntityProperties, cancellationToken);
    }

    private async Task<TableEntity?> ReadShardAsync(string partition, string row, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        var shard = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return shard is { HasValue: true } s ? s.Value : null;
    }

    private static TableEntity ShardEntity(string partition, string row, StatsShard shard) =>
        new(partition, row) { [StatsProperty] = JsonSerializer.Serialize(shard, TableStatsJsonContext.Default.StatsShard) };

    private static StatsShard Parse(TableEntity entity) =>
        entity.GetString(StatsProperty) is { } json ? JsonSerializer.Deserialize(json, TableStatsJsonContext.Default.StatsShard) ?? new StatsShard() : new StatsShard();

    // An unreadable old entity has no share to take out (the rebuild puts the shards right).
    private static JobListItem? ReadItem(TableEntity entity)
    {
        try
        {
            return entity.GetString(ItemProperty) is { } json ? JsonSerializer.Deserialize(json, RecordJsonContext.Readable.JobListItem) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
