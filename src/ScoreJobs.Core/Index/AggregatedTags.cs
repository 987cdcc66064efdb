namespace ScoreJobs.Index;

/// <summary>
/// The metadata tags stats keep aggregates for (per tag value, UTC day, status and source), so that a stats call with
/// one of them as its only tag filter reads a few rows per day. Only keys whose values are few by design: a key with a
/// value per job (<c>workflow_run_id</c>) would cost a row per job and save nothing. A filter on any other tag is
/// answered from the index rows, as before.
/// </summary>
internal static class AggregatedTags
{
    /// <summary><c>app</c>: the Dify app (sampling is per app too), the records page's most common view.</summary>
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.Ordinal) { Sampling.SamplingPolicy.AppTag };

    public static IEnumerable<KeyValuePair<string, string>> Of(JobIndexEntry entry) => entry.Tags.Where(t => Keys.Contains(t.Key));

    /// <summary>The filter's one tag when it is aggregated and the only one; null otherwise.</summary>
    public static KeyValuePair<string, string>? Single(JobFilter filter) =>
        filter.Tags is [var only] && Keys.Contains(only.Key) ? only : null;

    /// <summary>
    /// True when aggregates per day answer the filter: whole UTC days, a status and a source at most, besides no tag or
    /// one aggregated tag.
    /// </summary>
    public static bool FitsDays(JobFilter filter) =>
        (filter.Tags.Count == 0 || Single(filter) is not null) && filter.Text is null && filter.Metric is null && filter.MinScore is null
        && filter.MaxScore is null && filter.RunId is null && IsWholeDay(filter.Since) && IsWholeDay(filter.Until);

    private static bool IsWholeDay(DateTimeOffset? time) => time is not { } t || t.UtcDateTime.TimeOfDay == TimeSpan.Zero;
}
