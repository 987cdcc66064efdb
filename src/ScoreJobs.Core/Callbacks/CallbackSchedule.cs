namespace ScoreJobs.Callbacks;

/// <summary>
/// When a failed callback is tried again: 30 s after the first attempt, doubling to at most an hour, each delay
/// jittered by ±20% (never above the hour), for <see cref="MaxAttempts"/> attempts: about 8 hours in all.
/// </summary>
internal static class CallbackSchedule
{
    public const int MaxAttempts = 15;
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    /// <summary>The wait before the next attempt after <paramref name="attemptsMade"/> failed ones; null when there is none.</summary>
    public static TimeSpan? DelayAfter(int attemptsMade) => DelayAfter(attemptsMade, Random.Shared.NextDouble());

    /// <summary>As <see cref="DelayAfter(int)"/>, with <paramref name="jitter"/> in [0, 1) picking the point in the ±20% band.</summary>
    public static TimeSpan? DelayAfter(int attemptsMade, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsMade, 1);
        return attemptsMade >= MaxAttempts ? null : MessageBackoff.Delay(attemptsMade, FirstDelay, MaxDelay, jitter);
    }
}
