using Microsoft.Data.Sqlite;
using ScoreJobs.Fakes;
using ScoreJobs.Labels;
using ScoreJobs.Records;

namespace ScoreJobs.Index.Sqlite;

public sealed class SqliteJobIndexContractTests : JobIndexContractTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"));
    private readonly List<SqliteJobIndex> _indexes = [];

    protected override IJobIndex CreateSut() => Open();

    private SqliteJobIndex Open(string name = SqliteJobIndex.FileName)
    {
        var index = new SqliteJobIndex(Path.Combine(_folder, name), TestLogger.For<SqliteJobIndex>());
        _indexes.Add(index);
        return index;
    }

    [Fact]
    public async Task StatsAsync_OneAppTag_ReadsTheAggregatesNotTheRows()
    {
        var index = Open();
        var entries = RandomEntries(20);
        foreach (var entry in entries) await index.UpsertAsync(entry, CancellationToken.None);
        var filter = new JobFilter { Tags = [new("app", "faq")] };
        var before = await index.StatsAsync(filter, CancellationToken.None);

        Execute(index, "DELETE FROM tags; DELETE FROM jobs;");

        var after = await index.StatsAsync(filter, CancellationToken.None);
        Assert.Equal(entries.Count(e => filter.Matches(e.Item)), after.Total);
        AssertSameStats(before, after);
        Assert.Equal(0, (await index.StatsAsync(new JobFilter { Tags = [new("env", "prod")] }, CancellationToken.None)).Total);
    }

    [Fact]
    public async Task RebuildAsync_AggregatesDrifted_RestoredFromTheEntries()
    {
        var index = Open();
        var entries = RandomEntries(20);
        foreach (var entry in entries) await index.UpsertAsync(entry, CancellationToken.None);
        var filter = new JobFilter { Tags = [new("app", "faq")] };
        var right = await index.StatsAsync(filter, CancellationToken.None);
        Execute(index, "UPDATE stats_tag_days SET count = count + 7, b3 = b3 + 2; UPDATE stats_tag_metrics SET total = total + 1;");
        Assert.NotEqual(right.Total, (await index.StatsAsync(filter, CancellationToken.None)).Total);

        await index.RebuildAsync(ToAsync(entries), CancellationToken.None);

        AssertSameStats(right, await index.StatsAsync(filter, CancellationToken.None));
    }

    [Fact]
    public async Task AddManyAsync_BatchesWithRewrites_SameAggregateRowsStatsAndListsAsOneByOne()
    {
        var entries = RandomEntries(300);
        // Each job first queued with no scores, then finished; some finished twice, one batch later or in the same one.
        var writes = entries.Select(e => e with
        {
            Item = e.Item with { Status = JobStatus.Queued, WeightedScore = null, Scores = e.Item.Scores.ToDictionary(s => s.Key, _ => (double?)null) },
        }).Concat(entries).Concat(entries.Where((_, i) => i % 7 == 0).Select(e => e with { Item = e.Item with { Status = JobStatus.Failed, WeightedScore = 0.25 } }))
            .Concat(entries.Take(20)).ToList();
        var one = Open("one.sqlite");
        var many = Open("many.sqlite");

        foreach (var entry in writes) await one.UpsertAsync(entry, CancellationToken.None);
        foreach (var batch in writes.Chunk(130)) await many.AddManyAsync(batch, CancellationToken.None);

        foreach (var table in new[] { "stats_days", "stats_metrics", "stats_tag_days", "stats_tag_metrics", "run_counts", "run_metrics" })
        {
            var rows = Rows(one, table);
            Assert.NotEmpty(rows);
            Assert.Equal(rows, Rows(many, table));
        }

        foreach (var (name, filter) in FilterCases)
        {
            AssertSameStats(await one.StatsAsync(filter, CancellationToken.None), await many.StatsAsync(filter, CancellationToken.None));
            Assert.Equal(await AllPagesAsync(one, filter, 40), await AllPagesAsync(many, filter, 40));
        }
    }

    // Every row of the table, sorted, each value as text that round-trips (doubles to the last bit).
    private static List<string> Rows(SqliteJobIndex index, string table)
    {
        using var connection = new SqliteConnection($"Data Source={index.FilePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table}";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) switch
            {
                double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
            })));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    [Fact]
    public async Task LabelledScoresAsync_PairsHeldThenWrites_SameAsAFreshRead()
    {
        var index = Open();
        var entries = Enumerable.Range(0, 6)
            .Select(i => Entry(T0.AddMinutes(i), scores: new() { ["faithfulness"] = i / 10.0 }, score: i / 8.0, tags: new() { ["app"] = i % 2 == 0 ? "faq" : "chat" }))
            .ToList();
        foreach (var entry in entries) await index.UpsertAsync(entry, CancellationToken.None);
        await index.SetLabelsAsync(entries[0].JobId, [Label("ana", 0.6, "good"), Label("bo", 0.4, "bad")], CancellationToken.None);
        foreach (var i in new[] { 1, 2, 3 }) await index.SetLabelsAsync(entries[i].JobId, [Label("ana", i / 5.0, "good")], CancellationToken.None);
        await AssertSameAsFreshAsync(index);

        await index.SetLabelsAsync(entries[1].JobId, [Label("ana", 0.1, "bad"), Label("cy", 0.9)], CancellationToken.None);
        await AssertSameAsFreshAsync(index);
        await index.SetLabelsAsync(entries[2].JobId, [], CancellationToken.None);
        await AssertSameAsFreshAsync(index);
        await index.UpsertAsync(entries[3] with { Item = entries[3].Item with { Scores = new Dictionary<string, double?> { ["faithfulness"] = 0.95 }, WeightedScore = 0.2 } }, CancellationToken.None);
        await AssertSameAsFreshAsync(index);
        await index.UpsertAsync(entries[3] with { Item = entries[3].Item with { Scores = new Dictionary<string, double?> { ["faithfulness"] = null } } }, CancellationToken.None);
        await AssertSameAsFreshAsync(index);
        await index.RemoveAsync(entries[0].JobId, CancellationToken.None);
        await AssertSameAsFreshAsync(index);
        await index.SetLabelsAsync(entries[4].JobId, [Label("bo", 0.3, "good")], CancellationToken.None);
        await AssertSameAsFreshAsync(index);
        await index.AddManyLabelsAsync([new JobLabels(entries[5].JobId, [Label("ana", 0.5, "good")])], CancellationToken.None);
        await AssertSameAsFreshAsync(index);
        await index.RebuildAsync(ToAsync(entries), CancellationToken.None);
        await AssertSameAsFreshAsync(index);
        await index.SetLabelsAsync(entries[1].JobId, [Label("ana", 0.7)], CancellationToken.None);
        await AssertSameAsFreshAsync(index);

        // Another connection's commit (index rebuild run by another process) is not patched in: the pairs are read again.
        Assert.Single(await index.LabelledScoresAsync(JobFilter.None, "faithfulness", CancellationToken.None));
        Execute(index, "DELETE FROM job_labels");
        Assert.Empty(await index.LabelledScoresAsync(JobFilter.None, "faithfulness", CancellationToken.None));
    }

    [Fact]
    public async Task LabelledScoresAsync_ListHeldAcrossWrites_KeepsWhatItWasLent()
    {
        var index = Open();
        var entries = Enumerable.Range(0, 3).Select(i => Entry(T0.AddMinutes(i), scores: new() { ["faithfulness"] = i / 10.0 })).ToList();
        foreach (var entry in entries) await index.UpsertAsync(entry, CancellationToken.None);
        foreach (var entry in entries.Take(2)) await index.SetLabelsAsync(entry.JobId, [Label("ana", 0.5)], CancellationToken.None);
        var lent = await index.LabelledScoresAsync(JobFilter.None, "faithfulness", CancellationToken.None);
        var asLent = lent.ToArray();

        // One pair changed in place, then one added (the rest shifted), while the list is out.
        await index.SetLabelsAsync(entries[0].JobId, [Label("ana", 0.9)], CancellationToken.None);
        await index.SetLabelsAsync(entries[2].JobId, [Label("ana", 0.1)], CancellationToken.None);

        Assert.Equal(asLent, lent);
        using (var now = await index.LabelledScoresAsync(JobFilter.None, "faithfulness", CancellationToken.None) as IDisposable)
        {
            var expected = new Dictionary<string, double> { [entries[0].JobId] = 0.9, [entries[1].JobId] = 0.5, [entries[2].JobId] = 0.1 };
            Assert.Equal(expected, ((IReadOnlyList<LabelledScore>)now!).ToDictionary(p => p.JobId, p => p.Human));
        }

        ((IDisposable)lent).Dispose();
        await index.SetLabelsAsync(entries[1].JobId, [Label("ana", 0.2)], CancellationToken.None);
        await AssertSameAsFreshAsync(index);
    }

    [Fact]
    public async Task LabelledScoresAsync_Filtered_SameAsTheIndexJoinedWithItsLabels()
    {
        var index = Open();
        var entries = Enumerable.Range(0, 12)
            .Select(i => Entry(
                T0.AddMinutes(i), status: i % 5 == 0 ? JobStatus.Failed : JobStatus.Completed, score: i / 12.0, question: i % 3 == 0 ? "Where is RAG?" : "What is RAG?",
                tags: new() { ["app"] = i % 2 == 0 ? "faq" : "chat", ["env"] = i % 3 == 0 ? "prod" : "dev" }, scores: new() { ["faithfulness"] = i / 10.0 },
                runId: i % 4 == 0 ? "run-1" : null))
            .ToList();
        foreach (var entry in entries) await index.UpsertAsync(entry, CancellationToken.None);
        foreach (var (entry, i) in entries.Select((e, i) => (e, i)).Where(p => p.i % 6 != 5))
        {
            await index.SetLabelsAsync(entry.JobId, i % 4 == 1 ? [Label("ana", i / 11.0, "good"), Label("bo", 0.3, "bad")] : [Label("ana", i / 11.0, "bad")], CancellationToken.None);
        }

        JobFilter[] filters =
        [
            new() { Tags = [new("app", "faq")] }, new() { Tags = [new("app", "chat"), new("env", "prod")] }, new() { Tags = [new("app", "none")] },
            new() { Status = JobStatus.Completed }, new() { Text = "where" }, new() { MinScore = 0.3, MaxScore = 0.8 }, new() { RunId = "run-1" },
            new() { Since = T0.AddMinutes(3), Until = T0.AddMinutes(9) }, new() { Source = JobSource.Live, Tags = [new("env", "dev")] },
        ];
        foreach (var metric in new[] { "faithfulness", LabelledScore.Rating })
        {
            foreach (var filter in filters)
            {
                var expected = Joined(index, filter, metric);
                Assert.NotEqual(expected.Count, (await index.LabelledScoresAsync(JobFilter.None, metric, CancellationToken.None)).Count);
                Assert.Equal(expected, await index.LabelledScoresAsync(filter, metric, CancellationToken.None));
            }
        }

        // After writes the held pairs are patched, and the filter still reads the index as they hold it.
        await index.SetLabelsAsync(entries[0].JobId, [], CancellationToken.None);
        await index.SetLabelsAsync(entries[5].JobId, [Label("cy", 0.9, "good")], CancellationToken.None);
        foreach (var filter in filters) Assert.Equal(Joined(index, filter, "faithfulness"), await index.LabelledScoresAsync(filter, "faithfulness", CancellationToken.None));
    }

    // The filter's jobs joined with their labels in SQL: what the held pairs, filtered, must equal.
    private static List<LabelledScore> Joined(SqliteJobIndex index, JobFilter filter, string metric)
    {
        using var connection = new SqliteConnection($"Data Source={index.FilePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        var query = SqliteFilter.Build(filter, null, command);
        command.Parameters.AddWithValue("$lm", metric);
        command.CommandText = $"""
            SELECT l.job_id, l.judge, l.judge_model, l.prompt_version, l.rater, l.value
            FROM {query.From} JOIN job_labels l ON l.job_id = j.job_id AND l.metric = $lm
            WHERE {query.Where} AND l.judge IS NOT NULL ORDER BY l.job_id, l.rater
            """;
        var rows = new List<LabelledScore>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new LabelledScore(
                reader.GetString(0), reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), reader.GetDouble(5)));
        }

        return rows;
    }

    private async Task AssertSameAsFreshAsync(SqliteJobIndex index)
    {
        foreach (var metric in new[] { "faithfulness", LabelledScore.Rating })
        {
            foreach (var filter in new[] { JobFilter.None, new JobFilter { Tags = [new("app", "faq")] } })
            {
                var held = await index.LabelledScoresAsync(filter, metric, CancellationToken.None);
                var fresh = await Open().LabelledScoresAsync(filter, metric, CancellationToken.None);
                Assert.Equal(fresh, held);
            }
        }
    }

    private static void Execute(SqliteJobIndex index, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={index.FilePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task BeginWriteAsync_NeverSettled_IsUnsettledAfterReopening()
    {
        var index = Open();
        var settled = Entry(T0);
        var cut = Entry(T0.AddSeconds(1));
        await index.BeginWriteAsync(settled.JobId, CancellationToken.None);
        await index.UpsertAsync(settled, CancellationToken.None);
        await index.BeginWriteAsync(cut.JobId, CancellationToken.None);

        var reopened = Open();

        Assert.False(reopened.IsNew);
        Assert.Equal([cut.JobId], await reopened.UnsettledAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Open_FileIsNotADatabase_StartsAgainEmptyAndNew()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(Path.Combine(_folder, SqliteJobIndex.FileName), "this is not an SQLite file, it is long enough to have a header's worth of bytes in it");

        var index = Open();

        Assert.True(index.IsNew);
        Assert.Empty((await index.ListAsync(Index.JobFilter.None, 10, null, CancellationToken.None)).Jobs);
    }

    [Fact]
    public async Task Open_WalMode()
    {
        var index = Open();
        await index.UpsertAsync(Entry(T0), CancellationToken.None);
        using var connection = new SqliteConnection($"Data Source={index.FilePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", command.ExecuteScalar());
    }

    public void Dispose()
    {
        foreach (var index in _indexes) index.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
