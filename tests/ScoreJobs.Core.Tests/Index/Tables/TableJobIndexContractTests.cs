using Azure.Data.Tables;
using ScoreJobs.Fakes;
using ScoreJobs.Records;

namespace ScoreJobs.Index.Tables;

public sealed class TableJobIndexContractTests(AzuriteFixture azurite) : JobIndexContractTests, IClassFixture<AzuriteFixture>
{
    protected override IJobIndex CreateSut() => new TableJobIndex(azurite.Table(AzuriteFixture.UniqueName("jobs")), TestLogger.For<TableJobIndex>());

    [Fact]
    public async Task StatsAsync_OneAppTagOrNone_ReadsTheShardsInOneRequest()
    {
        var table = azurite.Table(AzuriteFixture.UniqueName("jobs"));
        var index = new TableJobIndex(table, TestLogger.For<TableJobIndex>());
        var entries = RandomEntries(20);
        foreach (var entry in entries) await index.UpsertAsync(entry, CancellationToken.None);
        var filter = new JobFilter { Tags = [new("app", "faq")] };
        var before = await index.StatsAsync(filter, CancellationToken.None);

        // The jobs' own entities gone behind the index's back: only the shards can still count them.
        foreach (var entry in entries)
        {
            await table.DeleteEntityAsync(TableIndexKeys.All, entry.JobId);
            await table.DeleteEntityAsync(TableIndexKeys.Tag("app", entry.Item.RequestSummary.Metadata!["app"]), entry.JobId);
        }

        var requests = index.Requests;
        var after = await index.StatsAsync(filter, CancellationToken.None);
        Assert.Equal(1, index.Requests - requests);
        Assert.Equal(entries.Count(e => filter.Matches(e.Item)), after.Total);
        AssertSameStats(before, after);
        Assert.Equal(entries.Count, (await index.StatsAsync(JobFilter.None, CancellationToken.None)).Total);
    }

    [Fact]
    public async Task StatsAsync_TableWrittenBeforeTheAggregates_ScansUntilRebuilt()
    {
        var table = azurite.Table(AzuriteFixture.UniqueName("jobs"));
        var index = new TableJobIndex(table, TestLogger.For<TableJobIndex>());
        var entries = RandomEntries(12);
        foreach (var entry in entries) await index.UpsertAsync(entry, CancellationToken.None);
        // As an index written by an older version: no marker, no shards.
        await table.DeleteEntityAsync(TableIndexKeys.All, "~stats-ready");
        await foreach (var shard in table.QueryAsync<TableEntity>(e => e.RowKey.CompareTo("~stats|") >= 0 && e.RowKey.CompareTo("~stats}") < 0))
        {
            await table.DeleteEntityAsync(shard.PartitionKey, shard.RowKey);
        }

        var reopened = new TableJobIndex(table, TestLogger.For<TableJobIndex>());
        Assert.Equal(entries.Count, (await reopened.StatsAsync(JobFilter.None, CancellationToken.None)).Total);
        await reopened.RebuildAsync(ToAsync(entries), CancellationToken.None);
        var requests = reopened.Requests;
        Assert.Equal(entries.Count, (await new TableJobIndex(table, TestLogger.For<TableJobIndex>()).StatsAsync(JobFilter.None, CancellationToken.None)).Total);
        Assert.Equal(entries.Count, (await reopened.StatsAsync(JobFilter.None, CancellationToken.None)).Total);
        Assert.Equal(1, reopened.Requests - requests);
    }

    [Fact]
    public async Task AddManyAsync_Entries_SameStatsAndListsAsOneByOne()
    {
        var entries = RandomEntries(150);
        var many = new TableJobIndex(azurite.Table(AzuriteFixture.UniqueName("jobs")), TestLogger.For<TableJobIndex>());

        await many.AddManyAsync(entries, CancellationToken.None);

        foreach (var name in new[] { "none", "tag", "tag, status, runs and whole days", "status" })
        {
            var filter = FilterCases[name];
            var builder = new JobStatsBuilder();
            foreach (var entry in entries.Where(e => filter.Matches(e.Item))) builder.Add(entry.Item);
            AssertSameStats(builder.Build(), await many.StatsAsync(filter, CancellationToken.None));
            Assert.Equal(entries.Count(e => filter.Matches(e.Item)), (await AllPagesAsync(many, filter, 40)).Sum(p => p.Count));
        }
    }

    [Fact]
    public async Task UpsertAsync_TwoWritersAtOnce_ShardsCountEachJobOnce()
    {
        var table = azurite.Table(AzuriteFixture.UniqueName("jobs"));
        var writers = new[] { new TableJobIndex(table, TestLogger.For<TableJobIndex>()), new TableJobIndex(table, TestLogger.For<TableJobIndex>()) };
        // Few days, so the two writers share shards and lose races to each other.
        var entries = RandomEntries(60).Select(e => e with { Item = e.Item with { CreatedAt = T0.AddMinutes(e.Item.CreatedAt.Minute) } }).ToList();

        await Task.WhenAll(writers.Select((writer, w) => Parallel.ForEachAsync(entries.Where((_, i) => i % 2 == w), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (entry, ct) =>
        {
            var queued = entry with { Item = entry.Item with { Status = JobStatus.Queued, WeightedScore = null } };
            await writer.UpsertAsync(queued, ct);
            await writers[1 - w].UpsertAsync(queued with { Item = queued.Item with { Status = JobStatus.Running } }, ct);
            await writer.UpsertAsync(entry, ct);
        })));

        foreach (var filter in new[] { JobFilter.None, new JobFilter { Tags = [new("app", "faq")] }, new JobFilter { Tags = [new("app", "support")], Status = JobStatus.Completed } })
        {
            var builder = new JobStatsBuilder();
            foreach (var entry in entries.Where(e => filter.Matches(e.Item))) builder.Add(entry.Item);
            AssertSameStats(builder.Build(), await writers[0].StatsAsync(filter, CancellationToken.None));
        }
    }

    [Fact]
    public async Task UpsertAsync_SameJobFromTwoWritersAtOnce_ShardsCountWhatTheEntitiesHold()
    {
        var table = azurite.Table(AzuriteFixture.UniqueName("jobs"));
        var writers = new[] { new TableJobIndex(table, TestLogger.For<TableJobIndex>()), new TableJobIndex(table, TestLogger.For<TableJobIndex>()) };
        var jobs = RandomEntries(8);
        JobStatus[] statuses = [JobStatus.Queued, JobStatus.Running, JobStatus.Completed, JobStatus.Failed];

        // Each write's first read of the all entity goes stale while the other writer changes the same job.
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs.Count * 12), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var job = jobs[i % jobs.Count];
            await writers[i % 2].UpsertAsync(job with { Item = job.Item with { Status = statuses[i / jobs.Count % statuses.Length] } }, ct);
        });

        var held = (await writers[0].ListAsync(JobFilter.None, 100, null, CancellationToken.None)).Jobs;
        Assert.Equal(jobs.Count, held.Count);
        var builder = new JobStatsBuilder();
        foreach (var item in held) builder.Add(item);
        AssertSameStats(builder.Build(), await writers[1].StatsAsync(JobFilter.None, CancellationToken.None));
    }

    [Fact]
    public async Task RebuildAsync_ShardsDriftedOrStray_RestoredFromTheEntries()
    {
        var table = azurite.Table(AzuriteFixture.UniqueName("jobs"));
        var index = new TableJobIndex(table, TestLogger.For<TableJobIndex>());
        var entries = RandomEntries(20);
        foreach (var entry in entries) await index.UpsertAsync(entry, CancellationToken.None);
        var right = await index.StatsAsync(JobFilter.None, CancellationToken.None);
        var stray = new StatsShard();
        stray.Apply(entries[0].Item, live: true, +1);
        await table.UpsertEntityAsync(new TableEntity(TableIndexKeys.All, TableStatsAggregates.ShardRow("2026-01-01", "x")) { ["Stats"] = System.Text.Json.JsonSerializer.Serialize(stray, TableStatsJsonContext.Default.StatsShard) });
        Assert.Equal(right.Total + 1, (await index.StatsAsync(JobFilter.None, CancellationToken.None)).Total);

        await index.RebuildAsync(ToAsync(entries), CancellationToken.None);

        AssertSameStats(right, await index.StatsAsync(JobFilter.None, CancellationToken.None));
    }
}
