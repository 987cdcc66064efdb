namespace ScoreJobs.Metrics.Offline;

/// <summary>The size of the multiset intersection of two token lists: a token shared twice counts twice.</summary>
internal static class TokenOverlap
{
    public static int Count(IEnumerable<string> pool, IReadOnlyList<string> wanted)
    {
        var available = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in pool)
        {
            available[token] = available.GetValueOrDefault(token) + 1;
        }

        var found = 0;
        foreach (var token in wanted)
        {
            if (available.TryGetValue(token, out var left) && left > 0)
            {
                available[token] = left - 1;
                found++;
            }
        }

        return found;
    }
}
