namespace ScoreJobs.Metrics.Judged;

/// <summary>One verdict per numbered item, and a summary.</summary>
internal sealed record ItemVerdictsReply(IReadOnlyList<ItemVerdict> Verdicts, string? Reason = null) : IItemVerdictsReply
{
    IReadOnlyList<IItemVerdict> IItemVerdictsReply.Items => Verdicts;
}
