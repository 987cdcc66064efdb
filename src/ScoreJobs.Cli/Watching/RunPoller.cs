using ScoreJobs.Cli.Api;
using ScoreJobs.Cli.Runs;

namespace ScoreJobs.Cli.Watching;

/// <summary>Polls a run until it ends, telling <c>onProgress</c> each state it sees; pauses follow <see cref="PollDelay"/>.</summary>
internal sealed class RunPoller(ScoreJobsClient client, CliEnvironment environment)
{
    public async Task<ApiReply<RunRecord>> WaitForEndAsync(string runId, Action<RunRecord> onProgress, CancellationToken cancellationToken)
    {
        var delay = new PollDelay(environment.Timings);
        while (true)
        {
            var reply = await client.GetRunAsync(runId, cancellationToken);
            onProgress(reply.Value);
            if (reply.Value.HasEnded) return reply;
            await Task.Delay(delay.Next(reply.RetryAfter), environment.Time, cancellationToken);
        }
    }
}
