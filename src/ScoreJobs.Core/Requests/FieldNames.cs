namespace ScoreJobs.Requests;

/// <summary>Finds the field a client most likely meant by a name it sent, for a "did you mean".</summary>
internal static class FieldNames
{
    /// <summary>
    /// The candidate that <paramref name="sent"/> is a near miss of: the same name but for case, spaces and
    /// punctuation (<c>Question</c>, <c>ground-truth</c>, <c>contexts </c>), or within a small edit distance of it
    /// (<c>context</c>, <c>anwser</c>); null when none is close.
    /// </summary>
    public static string? NearestTo(string sent, IEnumerable<string> candidates)
    {
        var key = Fold(sent);
        if (key.Length == 0) return null;

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(key, Fold(candidate));
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        var allowed = key.Length <= 4 ? 0 : key.Length <= 8 ? 1 : 2;
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Lower case letters and digits only.</summary>
    private static string Fold(string name) =>
        string.Concat(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant));

    /// <summary>Edit distance counting a swap of two neighbours as one edit (optimal string alignment): names are short, a full table is cheap.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }
}
