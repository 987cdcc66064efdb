using System.Diagnostics;

namespace ScoreJobs.Bench.Load;

/// <summary>
/// Requests sent on a schedule (a fixed total rate spread over the clients) rather than back to back, so latency
/// is measured below saturation. Each latency runs from when the request was due, not when it was sent, so a
/// client held up by a slow answer does not hide the wait (no coordinated omission).
/// </summary>
internal static class PacedLoop
{
    public static async Task<LoopResult> RunAsync(
        int clients, double perSecond, TimeSpan duration, Func<int, CancellationToken, Task<(int Status, double Milliseconds)>> operation, CancellationToken cancellationToken)
    {
        var samples = new LatencySamples();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            await Task.Yield();
            while (!cancellationToken.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next);
                var due = TimeSpan.FromSeconds(index / perSecond);
                if (due >= duration) break;
                var wait = due - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
                var (status, _) = await operation(index, cancellationToken);
                var sinceDue = (Stopwatch.GetElapsedTime(started) - due).TotalMilliseconds;
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (status is >= 200 and < 300) samples.Add(sinceDue);
            }
        }));
        return new LoopResult(samples, new SortedDictionary<int, int>(statuses), Stopwatch.GetElapsedTime(started));
    }
}
