namespace ScoreJobs.Metrics.Judge;

/// <summary>One verdict per numbered item, and a summary.</summary>
internal sealed record ItemVerdictsReply(IReadOnlyList<ItemVerdict> Verdicts, string? Reason = null)
{
    /// <summary>
    /// The verdicts in item order, one per item, each 0 or 1; or null with the problem. Ordered by id when the
    /// ids number the items (1-based, or 0-based), else by position.
    /// </summary>
    public IReadOnlyList<bool>? InItemOrder(int itemCount, out string? problem)
    {
        if (Verdicts.Count != itemCount)
        {
            problem = $"{itemCount} items were given but the judge returned {Verdicts.Count} verdicts";
            return null;
        }

        if (Verdicts.FirstOrDefault(v => v.Verdict is not (0 or 1)) is { } bad)
        {
            problem = $"verdict {bad.Verdict} of item {bad.Id} is neither 0 nor 1";
            return null;
        }

        var ids = Verdicts.Select(v => v.Id).ToHashSet();
        var ordered = ids.Count == itemCount && ids.Min() is 0 or 1 && ids.Max() - ids.Min() == itemCount - 1
            ? Verdicts.OrderBy(v => v.Id)
            : Verdicts.AsEnumerable();
        problem = null;
        return [.. ordered.Select(v => v.Verdict == 1)];
    }
}
