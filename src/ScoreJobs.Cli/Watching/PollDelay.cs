namespace ScoreJobs.Cli.Watching;

/// <summary>
/// Pauses between polls of a run: from <see cref="WaitTimings.FirstPollDelay"/> growing by half each poll up to
/// <see cref="WaitTimings.MaxPollDelay"/>; a Retry-After from the server is honoured when it asks for longer (up to a minute).
/// </summary>
internal sealed class PollDelay(WaitTimings timings)
{
    private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromSeconds(60);
    private TimeSpan _next = timings.FirstPollDelay;

    public TimeSpan Next(TimeSpan? retryAfter = null)
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(timings.MaxPollDelay.Ticks, (long)(_next.Ticks * 1.5)));
        if (retryAfter is { } asked && asked > delay) delay = asked < LongestRetryAfter ? asked : LongestRetryAfter;
        return delay;
    }
}
