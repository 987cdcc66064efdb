namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// The judge's verdict on one numbered claim checked against numbered contexts: 1 (supported) or 0, and the contexts
/// that support or contradict it. A reply that leaves <see cref="Contexts"/> out, or sends null, names none.
/// </summary>
internal sealed record ClaimVerdict(int Id, string? Reason, int Verdict, ContextIds? Contexts = null) : IItemVerdict;
