using System.Diagnostics;

namespace ScoreJobs.Testing;

/// <summary>
/// Real-time polling for what a test cannot be told directly (a background task reaching a point, another process):
/// every poll has a deadline, so a test that would wait forever fails with what it was waiting for.
/// </summary>
public static class Poll
{
    /// <summary>Long enough for a loaded two-core machine, short enough that a hang shows as a failure.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    public static Task UntilAsync(Func<bool> condition, string waitingFor, TimeSpan? deadline = null) =>
        UntilAsync(() => Task.FromResult(condition()), waitingFor, deadline);

    public static async Task UntilAsync(Func<Task<bool>> condition, string waitingFor, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        var waited = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (waited.Elapsed > limit) throw new TimeoutException($"Still waiting after {limit.TotalSeconds} s for {waitingFor}.");
            await Task.Delay(10).ConfigureAwait(false);
        }
    }
}
