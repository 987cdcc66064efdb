using ScoreJobs.Labels;
using ScoreJobs.Records;

namespace ScoreJobs.Index;

/// <summary>
/// One rater's value of a metric beside the judge's, on one job: what agreement is computed from. For
/// <see cref="Rating"/> the judge's side is the weighted score and the rater's is the rating (good 1, bad 0).
/// </summary>
public readonly record struct LabelledScore(string JobId, double Judge, string? JudgeModel, string? PromptVersion, string Rater, double Human)
{
    /// <summary>The pseudo-metric that pairs the weighted score with a person's good/bad rating.</summary>
    public const string Rating = "rating";

    /// <summary>True when the judge's side of <paramref name="metric"/> is the job's weighted score.</summary>
    public static bool IsWeighted(string metric) => metric is Rating or RunTally.WeightedScore;

    /// <summary>A rater's value of <paramref name="metric"/>, or null when the label does not give it.</summary>
    public static double? HumanValue(JobLabel label, string metric) => metric == Rating
        ? label.Rating switch { "good" => 1, "bad" => 0, _ => null }
        : label.Scores is { } scores && scores.TryGetValue(metric, out var score) ? score : null;

    /// <summary>The judge's value of <paramref name="metric"/> on a job's list item, or null when it has none.</summary>
    public static double? JudgeValue(JobListItem item, string metric) =>
        IsWeighted(metric) ? item.WeightedScore : item.Scores.GetValueOrDefault(metric);

    /// <summary>The pairs of one job: one per rater whose label gives <paramref name="metric"/>, none when the judge gave none.</summary>
    public static IEnumerable<LabelledScore> Of(JobListItem item, IEnumerable<JobLabel> labels, string metric)
    {
        if (JudgeValue(item, metric) is not { } judge) yield break;
        foreach (var label in labels)
        {
            if (HumanValue(label, metric) is { } human) yield return new LabelledScore(item.JobId, judge, item.RequestSummary.JudgeModel, item.PromptVersion, label.Rater, human);
        }
    }
}
