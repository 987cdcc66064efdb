using System.Globalization;
using Microsoft.Data.Sqlite;
using ScoreJobs.Records;

namespace ScoreJobs.Index.Sqlite;

/// <summary>
/// Stats aggregates per aggregated tag (<see cref="AggregatedTags"/>), beside the untagged ones in <c>stats_days</c> and
/// <c>stats_metrics</c>: per tag value, UTC day, status and source, the job count, the weighted scores' count, sum and
/// histogram, and per metric the scores' count and sum. Changed by +/- upserts in the writer's transaction, with the
/// job's row (a job's old share out, its new one in), so a stats call filtered by one such tag reads a few rows per day
/// whatever the job count.
/// </summary>
internal static class SqliteStatsAggregates
{
    public const string Schema = """
        DROP TABLE IF EXISTS stats_tag_days; DROP TABLE IF EXISTS stats_tag_metrics;
        CREATE TABLE stats_tag_days (
            key TEXT NOT NULL, value TEXT NOT NULL, day TEXT NOT NULL, status INTEGER NOT NULL, live INTEGER NOT NULL,
            count INTEGER NOT NULL, scored INTEGER NOT NULL, total REAL NOT NULL,
            b0 INTEGER NOT NULL, b1 INTEGER NOT NULL, b2 INTEGER NOT NULL, b3 INTEGER NOT NULL, b4 INTEGER NOT NULL,
            b5 INTEGER NOT NULL, b6 INTEGER NOT NULL, b7 INTEGER NOT NULL, b8 INTEGER NOT NULL, b9 INTEGER NOT NULL,
            PRIMARY KEY (key, value, day, status, live)) WITHOUT ROWID;
        CREATE TABLE stats_tag_metrics (
            key TEXT NOT NULL, value TEXT NOT NULL, day TEXT NOT NULL, status INTEGER NOT NULL, live INTEGER NOT NULL, metric TEXT NOT NULL,
            count INTEGER NOT NULL, total REAL NOT NULL,
            PRIMARY KEY (key, value, day, status, live, metric)) WITHOUT ROWID;
        """;

    public const string Clear = "DELETE FROM stats_tag_days; DELETE FROM stats_tag_metrics;";

    private const string DayUpsert = """
        INSERT INTO stats_tag_days(key, value, day, status, live, count, scored, total, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9)
        VALUES ($key, $value, $day, $status, $live, $count, $scored, $total, $b0, $b1, $b2, $b3, $b4, $b5, $b6, $b7, $b8, $b9)
        ON CONFLICT(key, value, day, status, live) DO UPDATE SET count = count + excluded.count, scored = scored + excluded.scored,
            total = CASE WHEN scored + excluded.scored = 0 THEN 0 ELSE total + excluded.total END,
            b0 = b0 + excluded.b0, b1 = b1 + excluded.b1, b2 = b2 + excluded.b2, b3 = b3 + excluded.b3, b4 = b4 + excluded.b4,
            b5 = b5 + excluded.b5, b6 = b6 + excluded.b6, b7 = b7 + excluded.b7, b8 = b8 + excluded.b8, b9 = b9 + excluded.b9
        """;

    private const string MetricUpsert = """
        INSERT INTO stats_tag_metrics(key, value, day, status, live, metric, count, total) VALUES ($key, $value, $day, $status, $live, $metric, $count, $total)
        ON CONFLICT(key, value, day, status, live, metric) DO UPDATE SET count = count + excluded.count,
            total = CASE WHEN count + excluded.count = 0 THEN 0 ELSE total + excluded.total END
        """;

    /// <summary>Adds (<paramref name="sign"/> +1) or takes out (-1) the entry's share, through the writer's cached commands.</summary>
    public static void Apply(Func<string, SqliteCommand> command, JobIndexEntry entry, int sign)
    {
        var score = entry.Item.WeightedScore;
        var bucket = score is { } s ? JobIndexEntry.BucketOf(s) : -1;
        var live = entry.RunId is null ? 1 : 0;
        foreach (var (key, value) in AggregatedTags.Of(entry))
        {
            var day = command(DayUpsert);
            day.Parameters["$key"].Value = key;
            day.Parameters["$value"].Value = value;
            day.Parameters["$day"].Value = entry.Day;
            day.Parameters["$status"].Value = (int)entry.Item.Status;
            day.Parameters["$live"].Value = live;
            day.Parameters["$count"].Value = sign;
            day.Parameters["$scored"].Value = score is null ? 0 : sign;
            day.Parameters["$total"].Value = sign * (score ?? 0);
            for (var i = 0; i < 10; i++) day.Parameters["$b" + i.ToString(CultureInfo.InvariantCulture)].Value = i == bucket ? sign : 0;
            day.ExecuteNonQuery();

            var metric = command(MetricUpsert);
            foreach (var (name, metricScore) in entry.Item.Scores)
            {
                if (metricScore is not { } scored) continue;
                metric.Parameters["$key"].Value = key;
                metric.Parameters["$value"].Value = value;
                metric.Parameters["$day"].Value = entry.Day;
                metric.Parameters["$status"].Value = (int)entry.Item.Status;
                metric.Parameters["$live"].Value = live;
                metric.Parameters["$metric"].Value = name;
                metric.Parameters["$count"].Value = sign;
                metric.Parameters["$total"].Value = sign * scored;
                metric.ExecuteNonQuery();
            }
        }
    }

    /// <summary>True when these aggregates answer the filter: one aggregated tag, and otherwise what the daily ones answer.</summary>
    public static bool Fits(JobFilter filter) =>
        AggregatedTags.Single(filter) is not null && SqliteFilter.FitsDailyAggregates(filter with { Tags = [] });

    /// <summary>Adds the rows of the filter's tag, days, status and source to <paramref name="stats"/>: O(days) rows.</summary>
    public static void Read(SqliteConnection connection, JobFilter filter, JobStatsBuilder stats)
    {
        var (key, value) = AggregatedTags.Single(filter)!.Value;
        Span<long> buckets = stackalloc long[10];
        using (var days = connection.CreateCommand())
        {
            var where = SqliteFilter.DailyWhere(filter, days);
            days.Parameters.AddWithValue("$key", key);
            days.Parameters.AddWithValue("$value", value);
            days.CommandText = $"SELECT day, status, count, scored, total, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9 FROM stats_tag_days WHERE key = $key AND value = $value AND {where}";
            using var reader = days.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < 10; i++) buckets[i] = reader.GetInt64(5 + i);
                stats.Add(reader.GetString(0), (JobStatus)reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4), buckets);
            }
        }

        using var metrics = connection.CreateCommand();
        var metricWhere = SqliteFilter.DailyWhere(filter, metrics);
        metrics.Parameters.AddWithValue("$key", key);
        metrics.Parameters.AddWithValue("$value", value);
        metrics.CommandText = $"SELECT metric, SUM(count), TOTAL(total) FROM stats_tag_metrics WHERE key = $key AND value = $value AND {metricWhere} GROUP BY metric";
        using var metricReader = metrics.ExecuteReader();
        while (metricReader.Read()) stats.AddMetric(metricReader.GetString(0), metricReader.GetInt64(1), metricReader.GetDouble(2));
    }
}
