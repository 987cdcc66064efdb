namespace ScoreJobs.Metrics.Offline;

/// <summary>Numbers the tokens of two texts alike, so that the dynamic-programming loops compare ints.</summary>
internal static class TokenIds
{
    public static (int[] First, int[] Second) Encode(IReadOnlyList<string> first, IReadOnlyList<string> second)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        return (Encode(first, ids), Encode(second, ids));
    }

    private static int[] Encode(IReadOnlyList<string> tokens, Dictionary<string, int> ids)
    {
        var encoded = new int[tokens.Count];
        for (var i = 0; i < encoded.Length; i++)
        {
            if (!ids.TryGetValue(tokens[i], out var id))
            {
                id = ids.Count;
                ids.Add(tokens[i], id);
            }

            encoded[i] = id;
        }

        return encoded;
    }
}
