namespace ScoreJobs.Metrics.Judged;

/// <summary>One verdict, with its contexts, per numbered claim; and a summary.</summary>
internal sealed record ClaimVerdictsReply(IReadOnlyList<ClaimVerdict> Verdicts, string? Reason = null) : IItemVerdictsReply
{
    IReadOnlyList<IItemVerdict> IItemVerdictsReply.Items => Verdicts;
}
