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
    public static async Task<ItemVerdictsOutcome> AskAsync(
        JudgeSession session, JudgePrompt<ItemVerdictsReply> prompt, int itemCount, Func<IReadOnlyList<int>, JudgeInput> inputFor,
        CancellationToken cancellationToken)
    {
        var all = Enumerable.Range(0, itemCount).ToList();
        var batch = await session.AskAsync(prompt, inputFor(all), cancellationToken, ItemsProperty, itemCount).ConfigureAwait(false);
        string? problem;
        IReadOnlyList<bool?> resolved;
        if (batch.Succeeded)
        {
            resolved = batch.Value.Resolve(itemCount, out problem);
            if (problem is null) return new ItemVerdictsOutcome([.. resolved.Select(v => v!.Value)], batch.Value.Reason, null, null);
        }
        else if (batch.Failure.Kind == JudgeFailureKind.Parse)
        {
            // Not the JSON asked for: no item is settled, each can still be asked alone.
            (resolved, problem) = (new bool?[itemCount], batch.Failure.Message);
        }
        else
        {
            return new ItemVerdictsOutcome(null, null, null, JudgeSession.Failed(batch.Failure));
        }

        var missing = all.Where(i => resolved[i] is null).ToList();
        var fallback = new ItemFallback(problem, [.. missing.Select(i => i + 1)], missing.Count);
        var single = await AskEachAsync(session, prompt, missing, i => inputFor([i]), cancellationToken).ConfigureAwait(false);
        var verdicts = resolved.ToArray();
        foreach (var (index, verdict, failure) in single)
        {
            if (failure is not null)
            {
                return new ItemVerdictsOutcome(null, null, fallback, failure with
                {
                    Error = $"{problem}; asked again alone, item {index + 1} failed too: {failure.Error}",
                    Fallback = fallback,
                });
            }

            verdicts[index] = verdict;
        }

        return new ItemVerdictsOutcome([.. verdicts.Select(v => v!.Value)], batch.Value?.Reason, fallback, null);
    }

    /// <summary>One call per item, concurrently (the judge's cap on calls in flight still applies): its verdict, or the failure.</summary>
    public static async Task<IReadOnlyList<(int Index, bool Verdict, MetricResult? Failure)>> AskEachAsync(
        JudgeSession session, JudgePrompt<ItemVerdictsReply> prompt, IReadOnlyList<int> indices, Func<int, JudgeInput> inputFor,
        CancellationToken cancellationToken)
    {
        var asks = indices.Select(async index =>
        {
            var reply = await session.AskAsync(prompt, inputFor(index), cancellationToken, ItemsProperty, 1).ConfigureAwait(false);
            if (!reply.Succeeded) return (index, false, JudgeSession.Failed(reply.Failure));

            var verdict = reply.Value.Resolve(1, out var problem)[0];
            return verdict is { } settled ? (index, settled, (MetricResult?)null) : (index, false, JudgeSession.Unusable(reply, problem!));
        });
        return await Task.WhenAll(asks).ConfigureAwait(false);
    }
}

/// <summary>Every item's verdict in item order with the batch's summary and any fallback; or the failure.</summary>
internal sealed record ItemVerdictsOutcome(IReadOnlyList<bool>? Verdicts, string? Reason, ItemFallback? Fallback, MetricResult? Failure);
