namespace ScoreJobs.Scoring;

/// <summary>sum(w*s) / sum(w) over the metrics whose score is not null.</summary>
internal static class WeightedScore
{
    /// <summary>Null when no weighted metric has a score (or every such weight is 0).</summary>
    public static double? Compute(IReadOnlyDictionary<string, double?> scores, IReadOnlyDictionary<string, double> weights)
    {
        double sum = 0, total = 0;
        foreach (var (metric, score) in scores)
        {
            if (score is not { } s || !weights.TryGetValue(metric, out var w)) continue;
            sum += w * s;
            total += w;
        }

        return total > 0 ? Math.Round(sum / total, 6) : null;
    }
}
