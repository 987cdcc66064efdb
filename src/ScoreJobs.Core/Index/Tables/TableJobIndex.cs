using ScoreJobs.Records;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using ScoreJobs.Json;
using ScoreJobs.Storage;
using ScoreJobs.Storage.Azure;
using ScoreJobs.Labels;

namespace ScoreJobs.Index.Tables;

/// <summary>
/// Storage mode's index: Azure Table storage beside the blob container. Each job has one entity per way it is looked
/// up, all with the job id as row key (ids sort newest first, and a created_at range is a row key range):
/// <c>all</c>, <c>status|{status}</c>, <c>tag|{key}={value}</c> per tag, <c>run|{run_id}</c>, and <c>pending</c> while
/// it is queued, running or owes a callback. A list or stats call reads one partition's row-key range, the most
/// selective the filter allows (a tag, else the run, else the status, else <c>all</c>), with the other conditions
/// as a server-side filter; text and metric conditions are checked on the returned items. No blob is read.
/// The <c>all</c> entity lists the partitions the job is in, so a status change deletes the stale one.
/// Stats with no filter but days, a status and a source, or with one aggregated tag besides, read the stats shards kept
/// at the end of <c>all</c> and of those tags' partitions instead (<see cref="TableStatsAggregates"/>).
/// A run's partition also holds its tally, in <see cref="TallyShards"/> shard entities (row keys <c>~tally-00</c> and
/// on, after every job id): a job's run entity and its shard change in one entity group transaction, conditional on
/// both ETags, so the tally counts each job's current entity exactly once however often it is written.
/// A job's labels are one entity in the <c>labels</c> partition (row key the job id), apart from its entries, so a
/// record write never drops them; agreement reads that partition and joins it with the filter's partition.
/// </summary>
internal sealed partial class TableJobIndex(TableClient table, ILogger<TableJobIndex> logger, TimeProvider? time = null) : IJobIndex
{
    /// <summary>Entities one list call reads at the most before it returns a short page with a cursor.</summary>
    public const int MaxScanPerListCall = 20_000;

    private const int MaxPerRequest = 1000;
    private const string ItemProperty = "Item";
    private const string KeysProperty = "Keys";
    private const int MaxItemChars = 30_000;
    private const int TallyShards = 16;
    private const string TallyRowPrefix = "~tally-";
    private const string TallyProperty = "Tally";
    private const string TallyMetricPrefix = "m_";
    // Every job of a run shares one of its few tally shards, so writers collide often: up to 100 attempts, a short
    // jittered pause between them so the losers do not collide again in step.
    private readonly ConditionalUpdate _runEntityWrites = new(time ?? TimeProvider.System, attempts: 100, pause: TimeSpan.FromMilliseconds(3));
    private const string LabelsProperty = "Labels";
    private volatile bool _tableReady;
    private readonly TableStatsAggregates _aggregates = new(table, logger, time ?? TimeProvider.System);
    private long _requests;
    private long _runLostRaces;

    /// <summary>Table requests this instance has sent (for the bench's per-call figures).</summary>
    public long Requests => Interlocked.Read(ref _requests) + _aggregates.Requests;

    /// <summary>Conditional writes redone after losing a race (409 or 412): the stats shards' and the run tallies'.</summary>
    public long LostRaces => Interlocked.Read(ref _runLostRaces) + _aggregates.LostRaces;

    /// <summary>The index table of a container: its letters and digits and <c>index</c> (<c>score-jobs</c> is <c>scorejobsindex</c>).</summary>
    public static string TableNameFor(string container) => StorageClients.TableNameFor(container, "index");

    public Task BeginWriteAsync(string jobId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<string>> UnsettledAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    public async Task UpsertAsync(JobIndexEntry entry, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var keys = TableIndexKeys.Of(entry);
        // The all entity is read once: for the partitions the job was in, and as the first attempt's read of its write.
        Interlocked.Increment(ref _requests);
        var all = await table.GetEntityIfExistsAsync<TableEntity>(
            TableIndexKeys.All, entry.JobId, [KeysProperty, .. TableStatsAggregates.OldEntityProperties], cancellationToken).ConfigureAwait(false);
        var old = KeysOf(all);
        var item = ItemJson(entry.Item);
        // Secondary entities first, the all entity (which lists them) next, stale ones last: a crash in between leaves
        // extra entities the next write of the job removes, never an all entity naming partitions it is missing from.
        await Task.WhenAll(keys.Where(k => k != TableIndexKeys.All).Select(k => IsRun(k)
            ? WriteRunEntityAsync(k, entry.JobId, entry, item, cancellationToken)
            : TableStatsAggregates.IsCounted(k) ? _aggregates.WriteAsync(k, entry.JobId, Entity(k, entry, item, null), entry, item, null, cancellationToken)
            : UpsertEntityAsync(Entity(k, entry, item, null), cancellationToken))).ConfigureAwait(false);
        await _aggregates.WriteAsync(TableIndexKeys.All, entry.JobId, Entity(TableIndexKeys.All, entry, item, keys), entry, item, all, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(old.Except(keys, StringComparer.Ordinal).Select(k => DeleteAsync(k, entry.JobId, cancellationToken))).ConfigureAwait(false);
    }

    public async Task RemoveAsync(string jobId, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var old = await OldKeysAsync(jobId, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(old.Where(k => k != TableIndexKeys.All).Select(k => DeleteAsync(k, jobId, cancellationToken))).ConfigureAwait(false);
        await DeleteAsync(TableIndexKeys.All, jobId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JobPage> ListAsync(JobFilter filter, int limit, string? afterJobId, CancellationToken cancellationToken)
    {
        var jobs = new List<JobListItem>(Math.Min(limit + 1, 501));
        var scanned = 0;
        string? last = null;
        var checksItems = TableIndexKeys.NeedsItemCheck(filter);
        var pageSize = checksItems ? MaxPerRequest : Math.Min(limit + 1, MaxPerRequest);
        await foreach (var page in QueryAsync(filter, afterJobId, pageSize, cancellationToken).ConfigureAwait(false))
        {
            foreach (var entity in page.Values)
            {
                scanned++;
                last = entity.RowKey;
                var item = ReadItem(entity);
                if (item is null || !filter.Matches(item)) continue;
                jobs.Add(item);
                if (jobs.Count > limit)
                {
                    jobs.RemoveAt(limit);
                    return new JobPage(jobs, JobCursor.Encode(jobs[^1].JobId));
                }
            }

            if (scanned >= MaxScanPerListCall && page.ContinuationToken is not null) return new JobPage(jobs, JobCursor.Encode(last!));
        }

        return new JobPage(jobs, null);
    }

    public async Task<JobStats> StatsAsync(JobFilter filter, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        if (await _aggregates.StatsAsync(filter, cancellationToken).ConfigureAwait(false) is { } fromAggregates) return fromAggregates;

        // Any other filter: the matching entries of the filter's partition.
        var stats = new JobStatsBuilder();
        await foreach (var page in QueryAsync(filter, null, MaxPerRequest, cancellationToken).ConfigureAwait(false))
        {
            foreach (var entity in page.Values)
            {
                if (ReadItem(entity) is { } item && filter.Matches(item)) stats.Add(item);
            }
        }

        return stats.Build();
    }

    public async IAsyncEnumerable<JobListItem> PendingAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {TableIndexKeys.Pending}");
        await foreach (var page in PagesAsync(query, MaxPerRequest, cancellationToken).ConfigureAwait(false))
        {
            foreach (var entity in page.Values)
            {
                if (ReadItem(entity) is { } item) yield return item;
            }
        }
    }

    /// <summary>
    /// Upserts every entry (records are never deleted, so no entry can be left over; a stale status or pending entity is
    /// removed by the upsert itself), sixteen at a time; then replaces every stats shard with the sums of the entries,
    /// so shards that drifted (or predate the aggregates) are right again. Run it with no other writer.
    /// </summary>
    public async Task<long> RebuildAsync(IAsyncEnumerable<JobIndexEntry> entries, CancellationToken cancellationToken)
    {
        long count = 0;
        var shards = new Dictionary<(string Partition, string Row), StatsShard>();
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (entry, ct) =>
        {
            await UpsertAsync(entry, ct).ConfigureAwait(false);
            lock (shards) TableStatsAggregates.Add(shards, entry);
            Interlocked.Increment(ref count);
        }).ConfigureAwait(false);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await _aggregates.ReplaceAllAsync(shards, cancellationToken).ConfigureAwait(false);
        await _aggregates.MarkReadyAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    public async Task SetLabelsAsync(string jobId, IReadOnlyList<JobLabel> labels, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        if (labels.Count == 0)
        {
            await DeleteAsync(TableIndexKeys.Labels, jobId, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Notes stay in the label store: the index keeps what agreement reads, well inside a property's 64 KiB.
        var kept = labels.Select(l => l with { Note = null }).ToList();
        var entity = new TableEntity(TableIndexKeys.Labels, jobId) { [LabelsProperty] = JsonSerializer.Serialize(new LabelDocument(kept), LabelsJsonContext.Default.LabelDocument) };
        await UpsertEntityAsync(entity, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LabelledScore>> LabelledScoresAsync(JobFilter filter, string metric, CancellationToken cancellationToken)
    {
        var labelled = new Dictionary<string, IReadOnlyList<JobLabel>>(StringComparer.Ordinal);
        await foreach (var page in PagesAsync(TableIndexKeys.LabelsQuery(filter), MaxPerRequest, cancellationToken, [LabelsProperty, "RowKey"]).ConfigureAwait(false))
        {
            foreach (var entity in page.Values)
            {
                if (entity.GetString(LabelsProperty) is { } json && JsonSerializer.Deserialize(json, LabelsJsonContext.Default.LabelDocument) is { } document)
                {
                    labelled[entity.RowKey] = document.Labels;
                }
            }
        }

        var pairs = new List<LabelledScore>();
        if (labelled.Count == 0) return pairs;

        // Only the id range the labelled jobs span is read of the filter's partition.
        var range = TableClient.CreateQueryFilter($"RowKey ge {labelled.Keys.Min(StringComparer.Ordinal)} and RowKey le {labelled.Keys.Max(StringComparer.Ordinal)}");
        await foreach (var page in PagesAsync(TableIndexKeys.Query(filter, null) + " and " + range, MaxPerRequest, cancellationToken, [ItemProperty, "RowKey"]).ConfigureAwait(false))
        {
            foreach (var entity in page.Values)
            {
                if (labelled.TryGetValue(entity.RowKey, out var labels) && ReadItem(entity) is { } item && filter.Matches(item))
                {
                    pairs.AddRange(LabelledScore.Of(item, labels, metric));
                }
            }
        }

        return pairs;
    }

    public async Task<RunTally> RunTallyAsync(string runId, CancellationToken cancellationToken)
    {
        var tally = new RunTally();
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {TableIndexKeys.Run(runId)} and RowKey ge {TallyRowPrefix}");
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _requests);
        await foreach (var shard in table.QueryAsync<TableEntity>(query, TallyShards, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            tally.Merge(ReadTally(shard));
        }

        return tally;
    }

    private static bool IsRun(string partitionKey) => partitionKey.StartsWith("run|", StringComparison.Ordinal);

    /// <summary>
    /// Writes (or with a null <paramref name="entry"/> deletes) a job's entity in its run's partition together with the
    /// job's tally shard: the old entity's share out, the new one's in, both conditional, retried on a lost race.
    /// </summary>
    private async Task WriteRunEntityAsync(string partition, string jobId, JobIndexEntry? entry, string? item, CancellationToken cancellationToken)
    {
        var shardKey = TallyRowPrefix + JobShard.Of(jobId, TallyShards).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        await EntityGroupWrite.RunAsync(_runEntityWrites, table, async ct =>
        {
            Interlocked.Add(ref _requests, 2);
            var oldRead = table.GetEntityIfExistsAsync<TableEntity>(partition, jobId, [ItemProperty], ct);
            var shardRead = table.GetEntityIfExistsAsync<TableEntity>(partition, shardKey, cancellationToken: ct);
            var old = (await oldRead.ConfigureAwait(false)) is { HasValue: true } o ? o.Value : null;
            var shard = (await shardRead.ConfigureAwait(false)) is { HasValue: true } s ? s.Value : null;
            if (entry is null ? old is null : old?.GetString(ItemProperty) == item) return null;

            var tally = shard is null ? new RunTally() : ReadTally(shard);
            if (old is not null && ReadItem(old) is { } oldItem) tally.Apply(oldItem, -1);
            if (entry is not null) tally.Apply(entry.Item, +1);
            var actions = new List<TableTransactionAction>(2)
            {
                entry is null ? new(TableTransactionActionType.Delete, new TableEntity(partition, jobId), old!.ETag)
                    : old is null ? new(TableTransactionActionType.Add, Entity(partition, entry, item!, null))
                    : new(TableTransactionActionType.UpdateReplace, Entity(partition, entry, item!, null), old.ETag),
                shard is null ? new(TableTransactionActionType.Add, TallyEntity(partition, shardKey, tally))
                    : new(TableTransactionActionType.UpdateReplace, TallyEntity(partition, shardKey, tally), shard.ETag),
            };
            return actions;
        }, () => Interlocked.Increment(ref _requests), () => Interlocked.Increment(ref _runLostRaces), cancellationToken).ConfigureAwait(false);
    }

    // The counts, usage and times in one property, each metric in its own (a string property holds 64 KiB).
    private static TableEntity TallyEntity(string partition, string rowKey, RunTally tally)
    {
        var entity = new TableEntity(partition, rowKey);
        var metrics = tally.Metrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        tally.Metrics.Clear();
        entity[TallyProperty] = tally.ToJson();
        foreach (var (name, metric) in metrics)
        {
            tally.Metrics[name] = metric;
            if (metric.N != 0 || metric.Failed != 0 || metric.Skipped != 0) entity[TallyMetricPrefix + name] = JsonSerializer.Serialize(metric, RunTallyJsonContext.Default.MetricTally);
        }

        return entity;
    }

    private static RunTally ReadTally(TableEntity entity)
    {
        var tally = entity.GetString(TallyProperty) is { } json ? RunTally.FromJson(json) : new RunTally();
        foreach (var (key, value) in entity)
        {
            if (key.StartsWith(TallyMetricPrefix, StringComparison.Ordinal) && value is string metric)
            {
                tally.Metrics[key[TallyMetricPrefix.Length..]] = JsonSerializer.Deserialize(metric, RunTallyJsonContext.Default.MetricTally)!;
            }
        }

        return tally;
    }

    private IAsyncEnumerable<Page<TableEntity>> QueryAsync(JobFilter filter, string? afterJobId, int pageSize, CancellationToken cancellationToken) =>
        PagesAsync(TableIndexKeys.Query(filter, afterJobId), pageSize, cancellationToken);

    private async IAsyncEnumerable<Page<TableEntity>> PagesAsync(
        string query, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        // A table not created yet is created on the first read, so it reads as an empty index.
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        string? continuation = null;
        do
        {
            Interlocked.Increment(ref _requests);
            Page<TableEntity>? page = null;
            await foreach (var p in table.QueryAsync<TableEntity>(query, pageSize, select ?? [ItemProperty], cancellationToken).AsPages(continuation, pageSize).ConfigureAwait(false))
            {
                page = p;
                break;
            }

            if (page is null) yield break;
            yield return page;
            continuation = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(continuation));
    }

    private async Task<IReadOnlyList<string>> OldKeysAsync(string jobId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return KeysOf(await table.GetEntityIfExistsAsync<TableEntity>(TableIndexKeys.All, jobId, [KeysProperty], cancellationToken).ConfigureAwait(false));
    }

    private static string[] KeysOf(NullableResponse<TableEntity> existing)
    {
        if (!existing.HasValue || existing.Value?.GetString(KeysProperty) is not { } keys) return [];
        return JsonSerializer.Deserialize(keys, TableIndexJsonContext.Default.StringArray) ?? [];
    }

    private async Task UpsertEntityAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteAsync(string partitionKey, string jobId, CancellationToken cancellationToken)
    {
        if (IsRun(partitionKey))
        {
            await WriteRunEntityAsync(partitionKey, jobId, null, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (TableStatsAggregates.IsCounted(partitionKey))
        {
            await _aggregates.WriteAsync(partitionKey, jobId, null, null, null, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _requests);
        try
        {
            await table.DeleteEntityAsync(partitionKey, jobId, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    private static TableEntity Entity(string partitionKey, JobIndexEntry entry, string item, IReadOnlyList<string>? keys)
    {
        var entity = new TableEntity(partitionKey, entry.JobId)
        {
            [ItemProperty] = item,
            ["Status"] = JobStatsBuilder.StatusName(entry.Item.Status),
            ["CreatedAt"] = entry.Item.CreatedAt,
        };
        if (entry.Item.WeightedScore is { } score) entity["WeightedScore"] = score;
        if (entry.RunId is { } run) entity["RunId"] = run;
        if (keys is not null) entity[KeysProperty] = JsonSerializer.Serialize(keys.ToArray(), TableIndexJsonContext.Default.StringArray);
        return entity;
    }

    // A string property holds 64 KiB: an enormous error is clipped in the index only (the record keeps it whole).
    private static string ItemJson(JobListItem item)
    {
        var json = JsonSerializer.Serialize(item, RecordJsonContext.Readable.JobListItem);
        if (json.Length <= MaxItemChars || item.Error is not { Length: > 300 } error) return json;
        return JsonSerializer.Serialize(item with { Error = string.Concat(error.AsSpan(0, 300), "…") }, RecordJsonContext.Readable.JobListItem);
    }

    private JobListItem? ReadItem(TableEntity entity)
    {
        try
        {
            return entity.GetString(ItemProperty) is { } json ? JsonSerializer.Deserialize(json, RecordJsonContext.Readable.JobListItem) : null;
        }
        catch (JsonException ex)
        {
            Log.IndexEntryUnreadable(logger, ex, entity.PartitionKey, entity.RowKey);
            return null;
        }
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_tableReady) return;
        Interlocked.Increment(ref _requests);
        var created = await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        // A table this call created holds no job its stats shards miss (409 when it was already there).
        if (created.GetRawResponse().Status is 201 or 204) await _aggregates.MarkReadyAsync(cancellationToken).ConfigureAwait(false);
        _tableReady = true;
    }
}
