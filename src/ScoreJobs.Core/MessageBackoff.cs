namespace ScoreJobs;

/// <summary>
/// How long a queue message waits before its next delivery (a job run that failed, a callback that failed):
/// exponential from a first delay up to a cap, jittered by ±20 %, never above the cap. Polly runs the retry loops
/// inside a process (judge calls, queue polling); this is no loop but the visibility delay of a message, which has
/// to survive a restart, so only the delay is computed, here, once for every kind of message.
/// </summary>
internal static class MessageBackoff
{
    /// <summary>The delay before delivery <paramref name="failures"/> + 1 (1 after the first failure).</summary>
    public static TimeSpan Delay(int failures, TimeSpan first, TimeSpan max) => Delay(failures, first, max, Random.Shared.NextDouble());

    /// <summary>As <see cref="Delay(int, TimeSpan, TimeSpan)"/>, with <paramref name="jitter"/> in [0, 1) picking the point in the ±20 % band.</summary>
    public static TimeSpan Delay(int failures, TimeSpan first, TimeSpan max, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var nominal = Math.Min(first.TotalSeconds * Math.Pow(2, failures - 1), max.TotalSeconds);
        return TimeSpan.FromSeconds(Math.Min(nominal * (0.8 + 0.4 * Math.Clamp(jitter, 0, 1)), max.TotalSeconds));
    }
}
