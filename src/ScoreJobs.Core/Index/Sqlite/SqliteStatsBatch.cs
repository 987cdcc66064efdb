using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ScoreJobs.Index.Sqlite;

/// <summary>
/// The stats aggregates' changes of many writes in one transaction (<see cref="SqliteJobIndex.AddManyAsync"/>, a
/// rebuild), kept in memory and written once a row at the end instead of an upsert a row a job: a job touches 26
/// aggregate rows, a batch of 5,000 a few dozen. Each row is read as it stands before its first change and then
/// changed in the order, and by the same arithmetic, as the one-at-a-time upserts of <c>SqliteJobIndex.Aggregate</c>
/// and <see cref="SqliteStatsAggregates.Apply"/> would (including their reset of a tag row's total when its count
/// returns to zero), so what it writes is the same to the last bit.
/// </summary>
internal sealed class SqliteStatsBatch(SqliteConnection connection, SqliteTransaction transaction)
{
    private readonly Dictionary<DayKey, DayRow> _days = [];
    private readonly Dictionary<MetricKey, MetricRow> _metrics = [];

    /// <summary>Adds (<paramref name="sign"/> +1) or takes out (-1) the entry's share, untagged and per aggregated tag.</summary>
    public void Apply(JobIndexEntry entry, int sign)
    {
        var score = entry.Item.WeightedScore;
        var bucket = score is { } s ? JobIndexEntry.BucketOf(s) : -1;
        var status = (int)entry.Item.Status;
        var live = entry.RunId is null ? 1 : 0;
        ApplyDay(new DayKey(null, null, entry.Day, status, live), sign, score, bucket);
        foreach (var (name, value) in entry.Item.Scores)
        {
            if (value is { } v) ApplyMetric(new MetricKey(null, null, entry.Day, status, live, name), sign, v);
        }

        foreach (var (key, value) in AggregatedTags.Of(entry))
        {
            ApplyDay(new DayKey(key, value, entry.Day, status, live), sign, score, bucket);
            foreach (var (name, metricScore) in entry.Item.Scores)
            {
                if (metricScore is { } v) ApplyMetric(new MetricKey(key, value, entry.Day, status, live, name), sign, v);
            }
        }
    }

    /// <summary>Writes every changed row as it now stands, in the batch's transaction.</summary>
    public void Write()
    {
        using var days = Prepare("INSERT OR REPLACE INTO stats_days(day, status, live, count, scored, total, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9) " +
            "VALUES ($day, $status, $live, $count, $scored, $total, $b0, $b1, $b2, $b3, $b4, $b5, $b6, $b7, $b8, $b9)");
        using var tagDays = Prepare("INSERT OR REPLACE INTO stats_tag_days(key, value, day, status, live, count, scored, total, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9) " +
            "VALUES ($key, $value, $day, $status, $live, $count, $scored, $total, $b0, $b1, $b2, $b3, $b4, $b5, $b6, $b7, $b8, $b9)");
        foreach (var (key, row) in _days)
        {
            var command = key.Key is null ? days : tagDays;
            SetKey(command, key.Key, key.Value, key.Day, key.Status, key.Live);
            command.Parameters["$count"].Value = row.Count;
            command.Parameters["$scored"].Value = row.Scored;
            command.Parameters["$total"].Value = row.Total;
            for (var i = 0; i < 10; i++) command.Parameters[Bucket(i)].Value = row.Buckets[i];
            command.ExecuteNonQuery();
        }

        using var metrics = Prepare("INSERT OR REPLACE INTO stats_metrics(day, status, live, metric, count, total) VALUES ($day, $status, $live, $metric, $count, $total)");
        using var tagMetrics = Prepare("INSERT OR REPLACE INTO stats_tag_metrics(key, value, day, status, live, metric, count, total) " +
            "VALUES ($key, $value, $day, $status, $live, $metric, $count, $total)");
        foreach (var (key, row) in _metrics)
        {
            var command = key.Key is null ? metrics : tagMetrics;
            SetKey(command, key.Key, key.Value, key.Day, key.Status, key.Live);
            command.Parameters["$metric"].Value = key.Metric;
            command.Parameters["$count"].Value = row.Count;
            command.Parameters["$total"].Value = row.Total;
            command.ExecuteNonQuery();
        }

        _days.Clear();
        _metrics.Clear();
    }

    private void ApplyDay(DayKey key, int sign, double? score, int bucket)
    {
        if (!_days.TryGetValue(key, out var row)) _days[key] = row = ReadDay(key);
        row.Count += sign;
        row.Scored += score is null ? 0 : sign;
        // The tag rows' upsert sets the total to 0 when no scored job is left; the untagged one only adds.
        row.Total = key.Key is not null && row.Scored == 0 ? 0 : row.Total + sign * (score ?? 0);
        if (bucket >= 0) row.Buckets[bucket] += sign;
    }

    private void ApplyMetric(MetricKey key, int sign, double score)
    {
        if (!_metrics.TryGetValue(key, out var row)) _metrics[key] = row = ReadMetric(key);
        row.Count += sign;
        row.Total = key.Key is not null && row.Count == 0 ? 0 : row.Total + sign * score;
    }

    private DayRow ReadDay(DayKey key)
    {
        using var command = Prepare(key.Key is null
            ? "SELECT count, scored, total, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9 FROM stats_days WHERE day = $day AND status = $status AND live = $live"
            : "SELECT count, scored, total, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9 FROM stats_tag_days " +
              "WHERE key = $key AND value = $value AND day = $day AND status = $status AND live = $live");
        SetKey(command, key.Key, key.Value, key.Day, key.Status, key.Live);
        using var reader = command.ExecuteReader();
        var row = new DayRow();
        if (!reader.Read()) return row;
        row.Count = reader.GetInt64(0);
        row.Scored = reader.GetInt64(1);
        row.Total = reader.GetDouble(2);
        for (var i = 0; i < 10; i++) row.Buckets[i] = reader.GetInt64(3 + i);
        return row;
    }

    private MetricRow ReadMetric(MetricKey key)
    {
        using var command = Prepare(key.Key is null
            ? "SELECT count, total FROM stats_metrics WHERE day = $day AND status = $status AND live = $live AND metric = $metric"
            : "SELECT count, total FROM stats_tag_metrics WHERE key = $key AND value = $value AND day = $day AND status = $status AND live = $live AND metric = $metric");
        SetKey(command, key.Key, key.Value, key.Day, key.Status, key.Live);
        command.Parameters["$metric"].Value = key.Metric;
        using var reader = command.ExecuteReader();
        var row = new MetricRow();
        if (!reader.Read()) return row;
        row.Count = reader.GetInt64(0);
        row.Total = reader.GetDouble(1);
        return row;
    }

    private SqliteCommand Prepare(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in SqliteSchema.ParameterNames(sql)) command.Parameters.Add(new SqliteParameter(name, null));
        return command;
    }

    private static void SetKey(SqliteCommand command, string? key, string? value, string day, int status, int live)
    {
        if (key is not null)
        {
            command.Parameters["$key"].Value = key;
            command.Parameters["$value"].Value = value;
        }

        command.Parameters["$day"].Value = day;
        command.Parameters["$status"].Value = status;
        command.Parameters["$live"].Value = live;
    }

    private static string Bucket(int i) => "$b" + i.ToString(CultureInfo.InvariantCulture);

    // Key null: the untagged tables (stats_days, stats_metrics); otherwise the aggregated tag's.
    private readonly record struct DayKey(string? Key, string? Value, string Day, int Status, int Live);

    private readonly record struct MetricKey(string? Key, string? Value, string Day, int Status, int Live, string Metric);

    private sealed class DayRow
    {
        public long Count;
        public long Scored;
        public double Total;
        public readonly long[] Buckets = new long[10];
    }

    private sealed class MetricRow
    {
        public long Count;
        public double Total;
    }
}
