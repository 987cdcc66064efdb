using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace ScoreJobs.Index.Sqlite;

/// <summary>
/// A <see cref="JobFilter"/> as SQL over the index. With a tag, the tag table drives the query in id order
/// (<c>CROSS JOIN</c> keeps SQLite from choosing otherwise); a created_at range is also an id range, so status,
/// tag, run and dates are all index ranges. Text search reads the candidate rows' upper-cased questions.
/// </summary>
internal static class SqliteFilter
{
    // All: the filter keeps every job (no tag, nothing tested), so a query may leave the jobs table out.
    public sealed record Query(string From, string Where, string IdColumn, bool All = false);

    public static Query Build(JobFilter filter, string? afterJobId, SqliteCommand command)
    {
        var from = new StringBuilder();
        var where = new List<string> { "1 = 1" };
        for (var i = 0; i < filter.Tags.Count; i++)
        {
            var alias = "t" + i.ToString(CultureInfo.InvariantCulture);
            from.Append(CultureInfo.InvariantCulture, $"tags {alias} CROSS JOIN ");
            where.Add($"{alias}.key = ${alias}k AND {alias}.value = ${alias}v AND {alias}.job_id = j.job_id");
            command.Parameters.AddWithValue($"${alias}k", filter.Tags[i].Key);
            command.Parameters.AddWithValue($"${alias}v", filter.Tags[i].Value);
        }

        from.Append("jobs j");
        var id = filter.Tags.Count > 0 ? "t0.job_id" : "j.job_id";
        Add(where, command, $"{id} > $after", "$after", afterJobId);
        Add(where, command, $"{id} >= $lo", "$lo", JobIdRange.Lowest(filter.Until));
        Add(where, command, $"{id} < $hi", "$hi", JobIdRange.Highest(filter.Since));
        Add(where, command, "j.created_ms >= $since", "$since", filter.Since?.ToUnixTimeMilliseconds());
        Add(where, command, "j.created_ms < $until", "$until", filter.Until?.ToUnixTimeMilliseconds());
        Add(where, command, "j.status = $status", "$status", filter.Status is { } status ? (int)status : null);
        Add(where, command, "j.run_id = $run", "$run", filter.RunId);
        if (filter.Source is { } source) where.Add(source == JobSource.Live ? "j.run_id IS NULL" : "j.run_id IS NOT NULL");
        Add(where, command, "j.weighted >= $min", "$min", filter.MinScore);
        Add(where, command, "j.weighted <= $max", "$max", filter.MaxScore);
        Add(where, command, "instr(j.question, $q) > 0", "$q", filter.Text?.ToUpperInvariant());
        Add(where, command, "EXISTS (SELECT 1 FROM job_metrics m0 WHERE m0.n = j.n AND m0.metric = (SELECT code FROM metric_names WHERE name = $metric))", "$metric", filter.Metric);
        return new Query(from.ToString(), string.Join(" AND ", where), id, filter.Tags.Count == 0 && where.Count == 1);
    }

    /// <summary>True when the daily aggregates answer the filter: a status, a source and whole UTC days, nothing else.</summary>
    public static bool FitsDailyAggregates(JobFilter filter) =>
        filter.Text is null && filter.Metric is null && filter.MinScore is null && filter.MaxScore is null && filter.Tags.Count == 0
        && filter.RunId is null && IsWholeDay(filter.Since) && IsWholeDay(filter.Until);

    public static string DailyWhere(JobFilter filter, SqliteCommand command)
    {
        var where = new List<string> { "1 = 1" };
        Add(where, command, "day >= $sinceday", "$sinceday", filter.Since is { } since ? JobIndexEntry.DayOf(since) : null);
        Add(where, command, "day < $untilday", "$untilday", filter.Until is { } until ? JobIndexEntry.DayOf(until) : null);
        Add(where, command, "status = $status", "$status", filter.Status is { } status ? (int)status : null);
        Add(where, command, "live = $live", "$live", filter.Source is { } source ? (source == JobSource.Live ? 1 : 0) : null);
        return string.Join(" AND ", where);
    }

    private static bool IsWholeDay(DateTimeOffset? time) => time is not { } t || t.UtcDateTime.TimeOfDay == TimeSpan.Zero;

    private static void Add(List<string> where, SqliteCommand command, string condition, string name, object? value)
    {
        if (value is null) return;
        where.Add(condition);
        command.Parameters.AddWithValue(name, value);
    }
}
