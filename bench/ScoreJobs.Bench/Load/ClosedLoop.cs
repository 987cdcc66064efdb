using System.Diagnostics;

namespace ScoreJobs.Bench.Load;

/// <summary>
/// Clients that each send one request, wait for its answer, and send the next: bounded both by a total
/// count and by a time limit, whichever comes first.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LoopResult> RunAsync(
        int clients, int count, TimeSpan limit, Func<int, CancellationToken, Task<(int Status, double Milliseconds)>> operation, CancellationToken cancellationToken)
    {
        var samples = new LatencySamples();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var next = -1;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(limit);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            await Task.Yield();
            while (!stop.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= count) break;
                var (status, ms) = await operation(index, cancellationToken);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (status is >= 200 and < 300) samples.Add(ms);
            }
        }));
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new LoopResult(samples, new SortedDictionary<int, int>(statuses), elapsed);
    }
}
