namespace ScoreJobs.Judge;

/// <summary>
/// Where the judge reports each paid call, for the job being scored on the current flow: the call before it goes out to
/// the model (<see cref="JudgeCallLog"/>, <see cref="JudgeEmbeddingCallLog"/>; inside the response cache, so a hit is no
/// call) and its tokens when it returns. The job
/// runner points it at the job's usage log (<see cref="Storage.IJudgeUsageLog"/>), so an attempt killed halfway has
/// still left what it spent behind. Ambient (an <see cref="AsyncLocal{T}"/>) because the calls are made deep inside the
/// metrics, which know nothing of jobs; the synchronous route points it at the daily judge budget only, and outside both
/// (a batch collection pass) nothing is recorded.
/// </summary>
public static class JudgeSpend
{
    private static readonly AsyncLocal<Func<TokenUsage, CancellationToken, Task>?> Current = new();

    /// <summary>Sends the paid calls made on this flow, until disposed, to <paramref name="record"/>.</summary>
    public static IDisposable RecordTo(Func<TokenUsage, CancellationToken, Task> record)
    {
        var previous = Current.Value;
        Current.Value = record;
        return new Restore(previous);
    }

    /// <summary>Reports what live calls spent: a call before it goes out to the model, its tokens when its reply is read.</summary>
    internal static Task PaidAsync(TokenUsage live, CancellationToken cancellationToken) =>
        Current.Value is { } record && (live.JudgeCalls > 0 || live.TotalTokens > 0) ? record(live, cancellationToken) : Task.CompletedTask;

    private sealed class Restore(Func<TokenUsage, CancellationToken, Task>? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
