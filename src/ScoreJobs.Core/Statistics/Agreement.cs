namespace ScoreJobs.Statistics;

/// <summary>
/// How far two sets of scores of the same items agree: correlation, error, and agreement on a pass/fail threshold.
/// Each figure is null where it cannot be computed (fewer than two pairs, or no variance on a side), never 0, so a
/// reader never takes "undefined" for "no agreement". Written here rather than taken from a library: the registry has
/// no statistics package with average-rank Spearman, Cohen's kappa and a seeded bootstrap, and each is a few lines.
/// </summary>
internal static class Agreement
{
    /// <summary>Pearson's product-moment correlation.</summary>
    public static double? Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var n = x.Count;
        if (n < 2) return null;
        double meanX = x.Average(), meanY = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            double dx = x[i] - meanX, dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxx < 1e-12 || syy < 1e-12 ? null : Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }

    /// <summary>Spearman's rank correlation: Pearson's over ranks, tied values sharing their average rank.</summary>
    public static double? Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y) => x.Count < 2 ? null : Pearson(Ranks(x), Ranks(y));

    /// <summary>1-based ranks, ties given the mean of the ranks they span (1, 2.5, 2.5, 4).</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            var rank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }

        return ranks;
    }

    public static double? MeanAbsoluteError(IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        x.Count == 0 ? null : x.Zip(y, (a, b) => Math.Abs(a - b)).Average();

    /// <summary>The two sides' pass/fail verdicts at <paramref name="threshold"/> (a score at or above it passes).</summary>
    public static Confusion Confuse(IReadOnlyList<double> judge, IReadOnlyList<double> human, double threshold)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < judge.Count; i++)
        {
            bool j = judge[i] >= threshold, h = human[i] >= threshold;
            if (j && h) tp++;
            else if (j) fp++;
            else if (h) fn++;
            else tn++;
        }

        return new Confusion(tp, fp, fn, tn);
    }

    /// <summary>Cohen's kappa: agreement beyond what the two sides' pass rates would give by chance.</summary>
    public static double? Kappa(Confusion c)
    {
        double n = c.Total;
        if (n < 2) return null;
        var observed = (c.Tp + c.Tn) / n;
        var chance = (((c.Tp + c.Fp) * (double)(c.Tp + c.Fn)) + ((c.Fn + c.Tn) * (double)(c.Fp + c.Tn))) / (n * n);
        return 1 - chance < 1e-12 ? null : (observed - chance) / (1 - chance);
    }

    public static double? Accuracy(Confusion c) => c.Total == 0 ? null : (c.Tp + c.Tn) / (double)c.Total;

    /// <summary>
    /// A percentile bootstrap 95 % interval of <paramref name="figure"/> over resampled pairs, from a fixed seed, so the
    /// same pairs always give the same interval; resamples where the figure is undefined are left out. Null with fewer
    /// than two pairs or when no resample defines it.
    /// </summary>
    public static double[]? Interval(
        IReadOnlyList<double> x, IReadOnlyList<double> y, Func<IReadOnlyList<double>, IReadOnlyList<double>, double?> figure, int resamples = 1000)
    {
        var n = x.Count;
        if (n < 2) return null;
        var random = new Random(20_261_206);
        var values = new List<double>(resamples);
        var bx = new double[n];
        var by = new double[n];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < n; i++)
            {
                var k = random.Next(n);
                bx[i] = x[k];
                by[i] = y[k];
            }

            if (figure(bx, by) is { } value) values.Add(value);
        }

        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        return [PairedDifference.Percentile(sorted, 0.025), PairedDifference.Percentile(sorted, 0.975)];
    }
}

/// <summary>
/// Seeded percentile bootstrap 95 % intervals of Spearman's rho and Cohen's kappa from the same resamples. A resample
/// is a count per pair (how often it was drawn); ranks within it come from one sort of each side done beforehand (a
/// tie group's copies share the mean of the ranks they span), so a resample costs O(n) rather than a sort.
/// </summary>
internal static class AgreementBootstrap
{
    /// <summary>Resamples below <see cref="WorkBudget"/> pairs times resamples; fewer (never below 50) for very many pairs.</summary>
    public const int MaxResamples = 1000;

    /// <summary>Pairs times resamples one interval may cost: 1,000 resamples up to 5,000 pairs, then fewer.</summary>
    public const long WorkBudget = 5_000_000;

    private const int Seed = 20_261_206;

    public static int ResamplesFor(int n) => (int)Math.Clamp(WorkBudget / Math.Max(n, 1), 50, MaxResamples);

    public static (double[]? Spearman, double[]? Kappa) Intervals(IReadOnlyList<double> x, IReadOnlyList<double> y, double threshold)
    {
        var n = x.Count;
        if (n < 2) return (null, null);
        var resamples = ResamplesFor(n);
        var xGroups = TieGroups(x);
        var yGroups = TieGroups(y);
        var counts = new int[n];
        var rx = new double[n];
        var ry = new double[n];
        var random = new Random(Seed);
        var rhos = new List<double>(resamples);
        var kappas = new List<double>(resamples);
        for (var r = 0; r < resamples; r++)
        {
            Array.Clear(counts);
            for (var i = 0; i < n; i++) counts[random.Next(n)]++;
            RanksOf(xGroups, counts, rx);
            RanksOf(yGroups, counts, ry);

            double sx = 0, sy = 0;
            int tp = 0, fp = 0, fn = 0, tn = 0;
            for (var i = 0; i < n; i++)
            {
                var c = counts[i];
                if (c == 0) continue;
                sx += c * rx[i];
                sy += c * ry[i];
                bool j = x[i] >= threshold, h = y[i] >= threshold;
                if (j && h) tp += c;
                else if (j) fp += c;
                else if (h) fn += c;
                else tn += c;
            }

            double mx = sx / n, my = sy / n, sxy = 0, sxx = 0, syy = 0;
            for (var i = 0; i < n; i++)
            {
                var c = counts[i];
                if (c == 0) continue;
                double dx = rx[i] - mx, dy = ry[i] - my;
                sxy += c * dx * dy;
                sxx += c * dx * dx;
                syy += c * dy * dy;
            }

            if (sxx >= 1e-12 && syy >= 1e-12) rhos.Add(Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1));
            if (Agreement.Kappa(new Confusion(tp, fp, fn, tn)) is { } kappa) kappas.Add(kappa);
        }

        return (PercentileInterval(rhos), PercentileInterval(kappas));
    }

    private static double[]? PercentileInterval(List<double> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        var sorted = values.ToArray();
        return [PairedDifference.Percentile(sorted, 0.025), PairedDifference.Percentile(sorted, 0.975)];
    }

    // Indices sorted by value, cut into runs of equal values.
    private static int[][] TieGroups(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var groups = new List<int[]>();
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            groups.Add(order[start..(end + 1)]);
            start = end + 1;
        }

        return [.. groups];
    }

    private static void RanksOf(int[][] groups, int[] counts, double[] ranks)
    {
        long before = 0;
        foreach (var group in groups)
        {
            long size = 0;
            foreach (var i in group) size += counts[i];
            var rank = before + ((size + 1) / 2.0);
            foreach (var i in group) ranks[i] = rank;
            before += size;
        }
    }
}

/// <summary>Pass/fail agreement counts: judge and human both pass (tp), only the judge (fp), only the human (fn), neither (tn).</summary>
internal readonly record struct Confusion(int Tp, int Fp, int Fn, int Tn)
{
    public int Total => Tp + Fp + Fn + Tn;
}
