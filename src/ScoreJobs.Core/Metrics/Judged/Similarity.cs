namespace ScoreJobs.Metrics.Judged;

/// <summary>Cosine similarity of embeddings, clamped to [0, 1] as a score must be.</summary>
internal static class Similarity
{
    /// <summary>Null when the vectors cannot be compared (different lengths, a zero vector).</summary>
    public static double? Cosine(float[] left, float[] right)
    {
        if (left.Length != right.Length || left.Length == 0) return null;

        double dot = 0, leftNorm = 0, rightNorm = 0;
        for (var i = 0; i < left.Length; i++)
        {
            dot += (double)left[i] * right[i];
            leftNorm += (double)left[i] * left[i];
            rightNorm += (double)right[i] * right[i];
        }

        if (leftNorm == 0 || rightNorm == 0) return null;
        return Math.Clamp(dot / (Math.Sqrt(leftNorm) * Math.Sqrt(rightNorm)), 0, 1);
    }
}
