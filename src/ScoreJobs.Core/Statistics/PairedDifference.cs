namespace ScoreJobs.Statistics;

/// <summary>
/// Whether head minus base, over the same samples, differs from zero: a percentile bootstrap interval for the mean
/// paired delta and a sign-flip randomisation p-value (two-sided). Both draw from one fixed seed over the pairs in the
/// order given, so the same two runs always give the same answer. Written here rather than taken from a library: no
/// statistics package in the registry offers a seeded paired bootstrap, and this is forty lines.
/// </summary>
internal static class PairedDifference
{
    /// <summary>Resamples for the interval and the p-value; enough for a stable 95 % interval, cheap at 10,000 samples.</summary>
    public const int Resamples = 2000;

    private const int Seed = 20_261_206;

    /// <summary>The test over <paramref name="deltas"/> (head minus base, one per sample); null when there is no pair.</summary>
    public static PairedTest? Test(IReadOnlyList<double> deltas)
    {
        var n = deltas.Count;
        if (n == 0) return null;
        var mean = deltas.Average();

        var random = new Random(Seed);
        var means = new double[Resamples];
        for (var r = 0; r < Resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++) sum += deltas[random.Next(n)];
            means[r] = sum / n;
        }

        Array.Sort(means);
        var low = Percentile(means, 0.025);
        var high = Percentile(means, 0.975);

        // Under "no change" each delta is as likely to have either sign: flip signs at random and count the means at
        // least as far from zero as the one seen. (count + 1) / (resamples + 1) never claims p = 0.
        var observed = Math.Abs(mean);
        var atLeast = 0;
        for (var r = 0; r < Resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++) sum += random.Next(2) == 0 ? deltas[i] : -deltas[i];
            if (Math.Abs(sum / n) >= observed - 1e-12) atLeast++;
        }

        var p = (atLeast + 1.0) / (Resamples + 1.0);
        return new PairedTest(n, mean, low, high, Math.Min(1, p));
    }

    // Linear interpolation between closest ranks (the "R-7" definition that numpy and Excel use by default).
    internal static double Percentile(double[] sorted, double q)
    {
        if (sorted.Length == 1) return sorted[0];
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}

/// <summary>A paired test's figures: how many pairs, the mean delta, its 95 % interval, and the two-sided p-value.</summary>
internal readonly record struct PairedTest(int N, double Mean, double Low, double High, double PValue)
{
    /// <summary>Whether the interval leaves zero out.</summary>
    public bool ExcludesZero => Low > 0 || High < 0;
}
