using ScoreJobs.Records;
using System.Globalization;
using ScoreJobs.Callbacks;

namespace ScoreJobs.Index;

/// <summary>What an index keeps of one job: its list item and the keys filters use.</summary>
public sealed record JobIndexEntry
{
    public required JobListItem Item { get; init; }

    /// <summary>The dataset run the job belongs to; null for a job submitted on its own.</summary>
    public string? RunId { get; init; }

    public static JobIndexEntry From(JobListItem job) => new() { Item = JobListItem.Of(job), RunId = job.RunId };

    public string JobId => Item.JobId;

    /// <summary>Work a restart must pick up again: queued or running, or a callback still to send.</summary>
    public bool IsPending => Item.Status is JobStatus.Queued or JobStatus.Running || Item.Callback is { Status: CallbackStatus.Pending };

    /// <summary>The UTC day of created_at, as stats group it.</summary>
    public string Day => DayOf(Item.CreatedAt);

    /// <summary>The metrics the job has or asked for: what the <c>metric</c> filter matches.</summary>
    public IEnumerable<string> Metrics => Item.Scores.Keys.Union(Item.RequestSummary.Metrics, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Tags => Item.RequestSummary.Metadata ?? EmptyTags;

    internal static string DayOf(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The histogram bucket of a weighted score: [0.0, 0.1) is 0, ... [0.9, 1.0] is 9.</summary>
    internal static int BucketOf(double score) => Math.Clamp((int)(score * 10), 0, 9);

    private static readonly Dictionary<string, string> EmptyTags = new(StringComparer.Ordinal);
}
