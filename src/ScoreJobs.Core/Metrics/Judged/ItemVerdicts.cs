using ScoreJobs.Judge;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// Asks for one 0/1 verdict per numbered item in one call, and when the reply cannot settle some items (a judge
/// that returns 2 verdicts for 3 contexts, repeats an id, or gives a verdict of 2) asks again for just those items,
/// one call each, before giving up: a small model's miscount costs a call or two, not the metric.
/// </summary>
internal static class ItemVerdicts
{
    public const string ItemsProperty = "verdicts";

    // inputFor: the user message for the items at these 0-based indices, numbered from 1 in the message.
    public static async Task<ItemVerdictsOutcome> AskAsync<TReply>(
        JudgeSession session, JudgePrompt<TReply> prompt, int itemCount, Func<IReadOnlyList<int>, JudgeInput> inputFor,
        CancellationToken cancellationToken)
        where TReply : class, IItemVerdictsReply
    {
        var all = Enumerable.Range(0, itemCount).ToList();
        var batch = await session.AskAsync(prompt, inputFor(all), cancellationToken, ItemsProperty, itemCount).ConfigureAwait(false);
        string? problem;
        IReadOnlyList<IItemVerdict?> resolved;
        if (batch.Succeeded)
        {
            resolved = Resolve(batch.Value.Items, itemCount, out problem);
            if (problem is null) return new ItemVerdictsOutcome([.. resolved.Select(v => v!)], batch.Value.Reason, null, null);
        }
        else if (batch.Failure.Kind == JudgeFailureKind.Parse)
        {
            // Not the JSON asked for: no item is settled, each can still be asked alone.
            (resolved, problem) = (new IItemVerdict?[itemCount], batch.Failure.Message);
        }
        else
        {
            return new ItemVerdictsOutcome(null, null, null, JudgeSession.Failed(batch.Failure));
        }

        var missing = all.Where(i => resolved[i] is null).ToList();
        var fallback = new ItemFallback(problem, [.. missing.Select(i => i + 1)], missing.Count);
        var single = await AskEachAsync(session, prompt, missing, i => inputFor([i]), cancellationToken).ConfigureAwait(false);
        var items = resolved.ToArray();
        foreach (var (index, item, failure) in single)
        {
            if (failure is not null)
            {
                return new ItemVerdictsOutcome(null, null, fallback, failure with
                {
                    Error = $"{problem}; asked again alone, item {index + 1} failed too: {failure.Error}",
                    Fallback = fallback,
                });
            }

            // An item asked alone is numbered 1 in its message; it keeps its place in the batch.
            items[index] = item;
        }

        return new ItemVerdictsOutcome([.. items.Select(v => v!)], batch.Value?.Reason, fallback, null);
    }

    /// <summary>One call per item, concurrently (the judge's cap on calls in flight still applies): its verdict, or the failure.</summary>
    public static async Task<IReadOnlyList<(int Index, IItemVerdict? Item, MetricResult? Failure)>> AskEachAsync<TReply>(
        JudgeSession session, JudgePrompt<TReply> prompt, IReadOnlyList<int> indices, Func<int, JudgeInput> inputFor,
        CancellationToken cancellationToken)
        where TReply : class, IItemVerdictsReply
    {
        var asks = indices.Select(async index =>
        {
            var reply = await session.AskAsync(prompt, inputFor(index), cancellationToken, ItemsProperty, 1).ConfigureAwait(false);
            if (!reply.Succeeded) return (index, null, JudgeSession.Failed(reply.Failure));

            var item = Resolve(reply.Value.Items, 1, out var problem)[0];
            return item is not null ? (index, item, (MetricResult?)null) : (index, (IItemVerdict?)null, JudgeSession.Unusable(reply, problem!));
        });
        return await Task.WhenAll(asks).ConfigureAwait(false);
    }

    /// <summary>
    /// Each item's verdict, or null for an item the reply cannot settle: its id is missing or given twice, or its
    /// verdict is neither 0 nor 1. <paramref name="problem"/> says what was wrong, null when every item is settled.
    /// A complete reply is ordered by id when the ids number the items (1-based, or 0-based), else by position; an
    /// incomplete one is read by its 1-based ids only (the ids the prompt numbered the items with), so a verdict is
    /// never given to the wrong item.
    /// </summary>
    public static IReadOnlyList<IItemVerdict?> Resolve(IReadOnlyList<IItemVerdict> verdicts, int itemCount, out string? problem)
    {
        var resolved = new IItemVerdict?[itemCount];
        var ids = verdicts.Select(v => v.Id).ToList();
        var distinct = ids.ToHashSet();
        if (verdicts.Count == itemCount)
        {
            var byId = distinct.Count == itemCount && distinct.Min() is 0 or 1 && distinct.Max() - distinct.Min() == itemCount - 1;
            var ordered = byId ? verdicts.OrderBy(v => v.Id).ToList() : [.. verdicts];
            for (var i = 0; i < itemCount; i++)
            {
                if (ordered[i].Verdict is 0 or 1) resolved[i] = ordered[i];
            }

            var bad = ordered.FirstOrDefault(v => v.Verdict is not (0 or 1));
            problem = bad is null ? null : $"verdict {bad.Verdict} of item {bad.Id} is neither 0 nor 1";
            return resolved;
        }

        var duplicated = ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        foreach (var verdict in verdicts)
        {
            if (verdict.Id < 1 || verdict.Id > itemCount || duplicated.Contains(verdict.Id) || verdict.Verdict is not (0 or 1)) continue;
            resolved[verdict.Id - 1] = verdict;
        }

        problem = $"{itemCount} items were given but the judge returned {verdicts.Count} verdicts";
        if (duplicated.Count > 0) problem += $" (item {string.Join(", ", duplicated.Order())} more than once)";
        return resolved;
    }
}

/// <summary>Every item's verdict in item order with the batch's summary and any fallback; or the failure.</summary>
internal sealed record ItemVerdictsOutcome(IReadOnlyList<IItemVerdict>? Items, string? Reason, ItemFallback? Fallback, MetricResult? Failure)
{
    /// <summary>Whether each item holds, in item order; null on failure.</summary>
    public IReadOnlyList<bool>? Verdicts => Items?.Select(i => i.Verdict == 1).ToList();
}
