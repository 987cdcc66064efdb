using System.ClientModel.Primitives;
using System.Globalization;

namespace ScoreJobs.Judge;

/// <summary>How long to wait before retrying: what the server asked for, else exponential backoff with jitter.</summary>
internal static class JudgeBackoff
{
    /// <summary>Between half and all of <c>base * 2^retry</c>, capped; the jitter keeps concurrent jobs from retrying in step.</summary>
    public static TimeSpan Exponential(int retry, TimeSpan baseDelay, TimeSpan max)
    {
        var ceiling = Math.Min(max.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, retry));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    /// <summary>The server's delay plus up to 10% (at most 1 s), so callers told the same instant do not return together.</summary>
    public static TimeSpan Jittered(TimeSpan retryAfter) =>
        retryAfter + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(1000, retryAfter.TotalMilliseconds * 0.1));

    /// <summary>
    /// <c>retry-after-ms</c> (OpenAI, Azure OpenAI) or <c>Retry-After</c> in seconds or as an HTTP date; null when absent.
    /// </summary>
    public static TimeSpan? RetryAfter(PipelineResponse? response, DateTimeOffset now)
    {
        if (response is null) return null;

        if (response.Headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value)) return null;

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date > now ? date - now : TimeSpan.Zero)
            : null;
    }
}
