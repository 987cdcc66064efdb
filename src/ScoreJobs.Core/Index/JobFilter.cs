using ScoreJobs.Records;

namespace ScoreJobs.Index;

/// <summary>
/// Optional filters of the list and stats endpoints. All set conditions must hold.
/// Question search is case-insensitive over the stored summary (the first 80 characters).
/// </summary>
public sealed record JobFilter
{
    public static JobFilter None { get; } = new();

    public JobStatus? Status { get; init; }
    public string? Text { get; init; }
    public string? Metric { get; init; }
    public double? MinScore { get; init; }
    public double? MaxScore { get; init; }
    public DateTimeOffset? Since { get; init; }

    /// <summary>Exclusive upper bound of created_at.</summary>
    public DateTimeOffset? Until { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];

    /// <summary>Jobs of one dataset run (the contract's <c>run_id</c> list filter); the job index serves it.</summary>
    public string? RunId { get; init; }

    /// <summary>Only jobs submitted one by one, or only jobs of dataset runs (the contract's <c>source</c> filter).</summary>
    public JobSource? Source { get; init; }

    /// <summary>True when only the status (or nothing) is filtered: every scanned item of that status matches.</summary>
    public bool IsStatusOnly => Source is null && Text is null && Metric is null && MinScore is null && MaxScore is null && Since is null && Until is null && Tags.Count == 0;

    public bool Matches(JobListItem item)
    {
        if (Status is { } status && item.Status != status) return false;
        if (Source is { } source && (item.RunId is null) != (source == JobSource.Live)) return false;
        if (Since is { } since && item.CreatedAt < since) return false;
        if (Until is { } until && item.CreatedAt >= until) return false;
        if (Text is { } text && !item.RequestSummary.Question.Contains(text, StringComparison.OrdinalIgnoreCase)) return false;
        if (Metric is { } metric && !(item.Scores.ContainsKey(metric) || item.RequestSummary.Metrics.Contains(metric))) return false;
        if (MinScore is { } min && !(item.WeightedScore >= min)) return false;
        if (MaxScore is { } max && !(item.WeightedScore <= max)) return false;
        foreach (var (key, value) in Tags)
        {
            if (item.RequestSummary.Metadata is null || !item.RequestSummary.Metadata.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Because job ids sort newest first, a scan can stop at the first item created before
    /// <see cref="Since"/>: everything after it is older still.
    /// </summary>
    public bool IsPastOldest(JobListItem item) => Since is { } since && item.CreatedAt < since;
}
