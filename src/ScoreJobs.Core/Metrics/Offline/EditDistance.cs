namespace ScoreJobs.Metrics.Offline;

internal static class EditDistance
{
    /// <summary>
    /// The Levenshtein distance (insertions, deletions, substitutions, each costing 1), in O(|a|·|b|) time
    /// and O(|b|) memory (two rows of the table).
    /// </summary>
    public static int Levenshtein(int[] a, int[] b)
    {
        if (a.Length == 0) return b.Length;
        if (b.Length == 0) return a.Length;

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var item = a[i - 1];
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = item == b[j - 1] ? previous[j - 1] : previous[j - 1] + 1;
                var insertOrDelete = (previous[j] < current[j - 1] ? previous[j] : current[j - 1]) + 1;
                current[j] = substitution < insertOrDelete ? substitution : insertOrDelete;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
