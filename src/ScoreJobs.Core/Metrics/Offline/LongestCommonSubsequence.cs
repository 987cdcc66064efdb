namespace ScoreJobs.Metrics.Offline;

internal static class LongestCommonSubsequence
{
    /// <summary>The LCS length, in O(|a|·|b|) time and O(|b|) memory (two rows of the table).</summary>
    public static int Length(int[] a, int[] b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        foreach (var item in a)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = item == b[j - 1] ? previous[j - 1] + 1
                    : previous[j] > current[j - 1] ? previous[j] : current[j - 1];
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
