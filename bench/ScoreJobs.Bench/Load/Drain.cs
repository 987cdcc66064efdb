using System.Diagnostics;

namespace ScoreJobs.Bench.Load;

/// <summary>Waits until the server has no queued or running job, so one measurement does not pay for the last one's backlog.</summary>
internal static class Drain
{
    public static async Task<TimeSpan> WaitAsync(ApiClient client, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < limit)
        {
            var stats = await client.StatsAsync(cancellationToken);
            if (stats.Value is { } s && s.ByStatus.GetValueOrDefault("queued") + s.ByStatus.GetValueOrDefault("running") == 0) break;
            await Task.Delay(250, cancellationToken);
        }

        return Stopwatch.GetElapsedTime(started);
    }
}
