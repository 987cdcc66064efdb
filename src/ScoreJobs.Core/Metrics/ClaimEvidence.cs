namespace ScoreJobs.Metrics;

/// <summary>
/// One claim a claim-based metric judged: its text, the verdict (1 holds, 0 does not) and the 1-based indices of
/// the contexts that support or contradict it (empty when the metric does not look at contexts or none bears on it).
/// </summary>
public sealed record ClaimEvidence(string Text, int Verdict, IReadOnlyList<int> Contexts);
