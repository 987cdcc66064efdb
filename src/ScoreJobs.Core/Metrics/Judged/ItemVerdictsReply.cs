namespace ScoreJobs.Metrics.Judged;

/// <summary>One verdict per numbered item, and a summary.</summary>
internal sealed record ItemVerdictsReply(IReadOnlyList<ItemVerdict> Verdicts, string? Reason = null)
{
    /// <summary>
    /// The verdicts in item order, one per item, each 0 or 1; or null with the problem. Ordered by id when the
    /// ids number the items (1-based, or 0-based), else by position.
    /// </summary>
    public IReadOnlyList<bool>? InItemOrder(int itemCount, out string? problem)
    {
        var resolved = Resolve(itemCount, out problem);
        return problem is null ? [.. resolved.Select(v => v!.Value)] : null;
    }

    /// <summary>
    /// Each item's verdict, or null for an item this reply cannot settle: its id is missing or given twice, or its
    /// verdict is neither 0 nor 1. <paramref name="problem"/> says what was wrong, null when every item is settled.
    /// A complete reply is read as <see cref="InItemOrder"/> reads it; an incomplete one by its 1-based ids only
    /// (the ids the prompt numbered the items with), so a verdict is never given to the wrong item.
    /// </summary>
    public IReadOnlyList<bool?> Resolve(int itemCount, out string? problem)
    {
        var resolved = new bool?[itemCount];
        var ids = Verdicts.Select(v => v.Id).ToList();
        var distinct = ids.ToHashSet();
        if (Verdicts.Count == itemCount)
        {
            var byId = distinct.Count == itemCount && distinct.Min() is 0 or 1 && distinct.Max() - distinct.Min() == itemCount - 1;
            var ordered = byId ? Verdicts.OrderBy(v => v.Id).ToList() : [.. Verdicts];
            for (var i = 0; i < itemCount; i++)
            {
                if (ordered[i].Verdict is 0 or 1) resolved[i] = ordered[i].Verdict == 1;
            }

            var bad = ordered.FirstOrDefault(v => v.Verdict is not (0 or 1));
            problem = bad is null ? null : $"verdict {bad.Verdict} of item {bad.Id} is neither 0 nor 1";
            return resolved;
        }

        var duplicated = ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        foreach (var verdict in Verdicts)
        {
            if (verdict.Id < 1 || verdict.Id > itemCount || duplicated.Contains(verdict.Id) || verdict.Verdict is not (0 or 1)) continue;
            resolved[verdict.Id - 1] = verdict.Verdict == 1;
        }

        problem = $"{itemCount} items were given but the judge returned {Verdicts.Count} verdicts";
        if (duplicated.Count > 0) problem += $" (item {string.Join(", ", duplicated.Order())} more than once)";
        return resolved;
    }
}
