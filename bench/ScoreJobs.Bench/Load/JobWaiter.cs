using ScoreJobs.Records;
using System.Diagnostics;
using ScoreJobs.Jobs;

namespace ScoreJobs.Bench.Load;

/// <summary>Polls the list until every given job is finished or the time is up, and returns the records it last saw.</summary>
internal static class JobWaiter
{
    public static async Task<Dictionary<string, JobListItem>> WaitFinishedAsync(
        ApiClient client, IReadOnlyCollection<string> jobIds, TimeSpan limit, Action<int, int>? progress, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<string>(jobIds, StringComparer.Ordinal);
        var seen = new Dictionary<string, JobListItem>(StringComparer.Ordinal);
        var started = Stopwatch.GetTimestamp();
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            try
            {
                foreach (var record in await client.ListAllAsync(cancellationToken))
                {
                    if (wanted.Contains(record.JobId)) seen[record.JobId] = record;
                }
            }
            catch (InvalidOperationException)
            {
                // The server is restarting or storage is down: try again on the next tick.
            }

            var finished = seen.Values.Count(r => r.IsFinished);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (progress is not null && elapsed - lastReport >= TimeSpan.FromSeconds(5))
            {
                progress(finished, wanted.Count);
                lastReport = elapsed;
            }

            if (finished == wanted.Count || elapsed > limit) return seen;
            await Task.Delay(500, cancellationToken);
        }
    }
}
