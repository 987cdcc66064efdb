namespace ScoreJobs.Judge;

/// <summary>
/// Where the judge reports each paid call, for the job being scored on the current flow: the call as its HTTP request
/// goes on the wire (<see cref="JudgeCallLog"/>, below the response cache, so a hit is no call) and its tokens when its
/// reply is read (<see cref="JudgeCaller"/>). The job
/// runner points it at the job's usage log (<see cref="Storage.IJudgeUsageLog"/>), so an attempt killed halfway has
/// still left what it spent behind. Ambient (an <see cref="AsyncLocal{T}"/>) because the calls are made deep inside the
/// metrics, which know nothing of jobs; the synchronous route points it at the daily judge budget only, and outside both
/// (a batch collection pass) nothing is recorded.
/// </summary>
public static class JudgeSpend
{
    private static readonly AsyncLocal<Func<TokenUsage, CancellationToken, Task>?> Current = new();
    private static readonly AsyncLocal<SentRequests?> Sent = new();

    /// <summary>Sends the paid calls made on this flow, until disposed, to <paramref name="record"/>.</summary>
    public static IDisposable RecordTo(Func<TokenUsage, CancellationToken, Task> record)
    {
        var previous = Current.Value;
        Current.Value = record;
        return new Restore(previous);
    }

    /// <summary>Reports what live calls spent: a call before it goes out to the model, its tokens when its reply is read.</summary>
    internal static Task PaidAsync(TokenUsage live, CancellationToken cancellationToken) =>
        Current.Value is { } record && (live.JudgeCalls > 0 || live.TotalTokens > 0 || live.RepliesRead > 0) ? record(live, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Counts the requests that go on the wire from here down this flow, so the caller's usage counts what the job's log
    /// does (a retry's attempt that failed before its request left is no call). Set inside an async method, it ends
    /// with that method.
    /// </summary>
    internal static SentRequests CountSent() => Sent.Value = new SentRequests();

    /// <summary>A request to the model is about to go on the wire: one paid call.</summary>
    internal static Task SendingAsync(CancellationToken cancellationToken)
    {
        Sent.Value?.Add();
        return PaidAsync(new TokenUsage(1, 0, 0), cancellationToken);
    }

    /// <summary>A request sent from this flow had a response come back, whatever its status: the endpoint received it.</summary>
    internal static void Answered() => Sent.Value?.Answer();

    internal sealed class SentRequests
    {
        private int _count;
        private int _answered;

        public int Count => Volatile.Read(ref _count);

        /// <summary>Of <see cref="Count"/>, the requests whose response came back.</summary>
        public int AnsweredCount => Volatile.Read(ref _answered);

        public void Add() => Interlocked.Increment(ref _count);

        public void Answer() => Interlocked.Increment(ref _answered);
    }

    private sealed class Restore(Func<TokenUsage, CancellationToken, Task>? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
