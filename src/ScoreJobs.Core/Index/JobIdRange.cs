namespace ScoreJobs.Index;

/// <summary>
/// A created_at range as a range of job ids. Ids start with 12 characters of inverted creation time (milliseconds), so
/// ascending id order is newest first and "created in [since, until)" is "id in [Lowest, Highest)": a range query on
/// any index ordered by id. Adapters still check created_at exactly.
/// </summary>
internal static class JobIdRange
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const long TimeMask = (1L << 60) - 1;

    /// <summary>The smallest id of a job created before <paramref name="until"/>, or null for no bound.</summary>
    public static string? Lowest(DateTimeOffset? until) => until is { } u ? Prefix(u.ToUnixTimeMilliseconds() - 1) : null;

    /// <summary>Every id of a job created at or after <paramref name="since"/> is below this, or null for no bound.</summary>
    public static string? Highest(DateTimeOffset? since) => since is { } s ? Prefix(s.ToUnixTimeMilliseconds() - 1) : null;

    /// <summary>The 12-character time part of the ids of jobs created at <paramref name="unixMilliseconds"/>.</summary>
    public static string Prefix(long unixMilliseconds)
    {
        Span<char> prefix = stackalloc char[12];
        var inverted = TimeMask - (Math.Max(unixMilliseconds, 0) & TimeMask);
        for (var i = 11; i >= 0; i--)
        {
            prefix[i] = Alphabet[(int)(inverted & 31)];
            inverted >>= 5;
        }

        return new string(prefix);
    }
}
