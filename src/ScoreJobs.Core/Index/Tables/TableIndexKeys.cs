using ScoreJobs.Records;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace ScoreJobs.Index.Tables;

/// <summary>
/// Partition keys of the Table index and the query a filter becomes. Tag keys and values are percent-encoded (a
/// partition key may not hold <c>/ \ # ?</c> or control characters, and <c>|</c> and <c>=</c> separate the parts);
/// a pair too long for a key is named by its SHA-256 instead.
/// </summary>
internal static class TableIndexKeys
{
    public const string All = "all";
    public const string Pending = "pending";

    /// <summary>The partition of jobs' labels: one entity per labelled job, its id the row key.</summary>
    public const string Labels = "labels";
    private const int MaxEncodedLength = 480;

    public static string Status(JobStatus status) => "status|" + JobStatsBuilder.StatusName(status);

    public static string Tag(string key, string value)
    {
        var encoded = Uri.EscapeDataString(key) + "=" + Uri.EscapeDataString(value);
        return "tag|" + (encoded.Length <= MaxEncodedLength ? encoded : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key + "\0" + value))));
    }

    public static string Run(string runId) => "run|" + Uri.EscapeDataString(runId);

    /// <summary>Every partition the job has an entity in.</summary>
    public static IReadOnlyList<string> Of(JobIndexEntry entry)
    {
        var keys = new List<string> { All, Status(entry.Item.Status) };
        keys.AddRange(entry.Tags.Select(t => Tag(t.Key, t.Value)));
        if (entry.RunId is { } run) keys.Add(Run(run));
        if (entry.IsPending) keys.Add(Pending);
        return [.. keys.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>True when some condition can only be checked on the item itself (text, metric, a second tag, live jobs only).</summary>
    public static bool NeedsItemCheck(JobFilter filter) =>
        filter.Text is not null || filter.Metric is not null || filter.Tags.Count > 1 || filter.Source == JobSource.Live;

    /// <summary>The labels of the jobs created in the filter's time range (label entities carry nothing else to filter on).</summary>
    public static string LabelsQuery(JobFilter filter)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {Labels}") };
        if (JobIdRange.Lowest(filter.Until) is { } lowest) parts.Add(TableClient.CreateQueryFilter($"RowKey ge {lowest}"));
        if (JobIdRange.Highest(filter.Since) is { } highest) parts.Add(TableClient.CreateQueryFilter($"RowKey lt {highest}"));
        return string.Join(" and ", parts);
    }

    /// <summary>
    /// One partition's row-key range: the first tag's, else the run's, else the status's, else all; created_at, the
    /// status, the run, runs only and the score bounds as server-side conditions on top.
    /// </summary>
    public static string Query(JobFilter filter, string? afterJobId)
    {
        var partition = filter.Tags.Count > 0 ? Tag(filter.Tags[0].Key, filter.Tags[0].Value)
            : filter.RunId is { } run ? Run(run)
            : filter.Status is { } status ? Status(status)
            : All;
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {partition}") };
        if (afterJobId is not null) parts.Add(TableClient.CreateQueryFilter($"RowKey gt {afterJobId}"));
        // A run's partition ends with its tally shards, and all and the aggregated tags' with stats shards: not jobs.
        parts.Add(TableClient.CreateQueryFilter($"RowKey lt {"~"}"));
        if (JobIdRange.Lowest(filter.Until) is { } lowest) parts.Add(TableClient.CreateQueryFilter($"RowKey ge {lowest}"));
        if (JobIdRange.Highest(filter.Since) is { } highest) parts.Add(TableClient.CreateQueryFilter($"RowKey lt {highest}"));
        if (filter.Since is { } since) parts.Add(TableClient.CreateQueryFilter($"CreatedAt ge {since}"));
        if (filter.Until is { } until) parts.Add(TableClient.CreateQueryFilter($"CreatedAt lt {until}"));
        if (filter.Status is { } s && filter.Tags.Count + (filter.RunId is null ? 0 : 1) > 0) parts.Add(TableClient.CreateQueryFilter($"Status eq {JobStatsBuilder.StatusName(s)}"));
        if (filter.RunId is { } r && filter.Tags.Count > 0) parts.Add(TableClient.CreateQueryFilter($"RunId eq {r}"));
        // Only a run's jobs have the RunId property, and a comparison with a missing property is false: this keeps
        // exactly the jobs of runs. Live jobs (no such property) cannot be asked for; the item check keeps them.
        if (filter.Source == JobSource.Run && filter.RunId is null) parts.Add(TableClient.CreateQueryFilter($"RunId gt {""}"));
        if (filter.MinScore is { } min) parts.Add(TableClient.CreateQueryFilter($"WeightedScore ge {min}"));
        if (filter.MaxScore is { } max) parts.Add(TableClient.CreateQueryFilter($"WeightedScore le {max}"));
        return string.Join(" and ", parts);
    }
}
