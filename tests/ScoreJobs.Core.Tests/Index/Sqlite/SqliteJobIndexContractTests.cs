using Microsoft.Data.Sqlite;
using ScoreJobs.Fakes;

namespace ScoreJobs.Index.Sqlite;

public sealed class SqliteJobIndexContractTests : JobIndexContractTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"));
    private readonly List<SqliteJobIndex> _indexes = [];

    protected override IJobIndex CreateSut() => Open();

    private SqliteJobIndex Open()
    {
        var index = new SqliteJobIndex(Path.Combine(_folder, SqliteJobIndex.FileName), TestLogger.For<SqliteJobIndex>());
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
