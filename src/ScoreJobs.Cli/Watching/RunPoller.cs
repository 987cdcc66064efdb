using ScoreJobs.Cli.Api;
using ScoreJobs.Cli.Runs;

namespace ScoreJobs.Cli.Watching;

/// <summary>Polls a run until it ends, telling <c>onProgress</c> each state it sees; pauses follow <see cref="PollDelay"/>.</summary>
internal sealed class RunPoller(ScoreJobsClient client, CliEnvironment environment)
{
    /// <summary><paramref name="firstPollAfter"/>: a pause before the first poll, as the submit's Retry-After asks (at most a minute).</summary>
    public async Task<ApiReply<RunRecord>> WaitForEndAsync(string runId, Action<RunRecord> onProgress, CancellationToken cancellationToken,
        TimeSpan? firstPollAfter = null)
    {
        var delay = new PollDelay(environment.Timings);
        if (firstPollAfter is { } first && first > TimeSpan.Zero)
            await Task.Delay(first < TimeSpan.FromMinutes(1) ? first : TimeSpan.FromMinutes(1), environment.Time, cancellationToken);
        while (true)
        {
            var reply = await client.GetRunAsync(runId, cancellationToken);
            onProgress(reply.Value);
            if (reply.Value.HasEnded) return reply;
            await Task.Delay(delay.Next(reply.RetryAfter), environment.Time, cancellationToken);
        }
    }
}
