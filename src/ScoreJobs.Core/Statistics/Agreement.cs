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

    /// <summary>Spearman's rank correlation over ties already found (the bootstrap needs the same sort).</summary>
    public static double? Spearman(Ties x, Ties y) => x.Ranks.Length < 2 ? null : Pearson(x.Ranks, y.Ranks);

    /// <summary>1-based ranks, ties given the mean of the ranks they span (1, 2.5, 2.5, 4).</summary>
    public static double[] Ranks(IReadOnlyList<double> values) => Ties.Of(values).Ranks;

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
/// is drawn as a pair index per draw (the same draws, in the same order, as resampling the pairs one by one), but it
/// is counted per cell: pairs with the same judge value and the same human value are interchangeable for both figures,
/// so ranks and sums over a resample cost O(cells) rather than O(pairs). Scores come from a few levels (a judge's
/// 0.1 steps, people's good/bad), so 100,000 pairs are a few hundred cells; all-distinct values are n cells, as before.
/// Ranks within a resample come from one sort of each side done beforehand (a tie group's copies share the mean of
/// the ranks they span).
/// </summary>
internal static class AgreementBootstrap
{
    /// <summary>Resamples below <see cref="WorkBudget"/> pairs times resamples; fewer (never below 50) for very many pairs.</summary>
    public const int MaxResamples = 1000;

    /// <summary>Pairs times resamples one interval may cost: 1,000 resamples up to 5,000 pairs, then fewer.</summary>
    public const long WorkBudget = 5_000_000;

    private const int Seed = 20_261_206;

    public static int ResamplesFor(int n) => (int)Math.Clamp(WorkBudget / Math.Max(n, 1), 50, MaxResamples);

    public static (double[]? Spearman, double[]? Kappa) Intervals(IReadOnlyList<double> x, IReadOnlyList<double> y, double threshold) =>
        Intervals(x, y, threshold, Ties.Of(x), Ties.Of(y));

    public static (double[]? Spearman, double[]? Kappa) Intervals(IReadOnlyList<double> x, IReadOnlyList<double> y, double threshold, Ties xTies, Ties yTies)
    {
        var n = x.Count;
        if (n < 2) return (null, null);
        var resamples = ResamplesFor(n);
        var cells = Cells.Of(x, y, threshold, xTies, yTies);
        var ofPair = cells.OfPair;
        var counts = new int[cells.Count];
        var xSizes = new long[cells.XGroups];
        var ySizes = new long[cells.YGroups];
        var xRanks = new double[cells.XGroups];
        var yRanks = new double[cells.YGroups];
        var random = new Random(Seed);
        var rhos = new List<double>(resamples);
        var kappas = new List<double>(resamples);
        for (var r = 0; r < resamples; r++)
        {
            // Each draw picks a pair and counts straight into its cell: the same draws in the same order as resampling
            // the pairs one by one, so the same intervals, without a pass over every pair to clear and fold them.
            Array.Clear(counts);
            for (var i = 0; i < n; i++) counts[ofPair[random.Next(n)]]++;
            Array.Clear(xSizes);
            Array.Clear(ySizes);
            for (var c = 0; c < counts.Length; c++)
            {
                xSizes[cells.X[c]] += counts[c];
                ySizes[cells.Y[c]] += counts[c];
            }

            RanksOf(xSizes, xRanks);
            RanksOf(ySizes, yRanks);

            double sx = 0, sy = 0;
            int tp = 0, fp = 0, fn = 0, tn = 0;
            for (var c = 0; c < counts.Length; c++)
            {
                var k = counts[c];
                if (k == 0) continue;
                sx += k * xRanks[cells.X[c]];
                sy += k * yRanks[cells.Y[c]];
                switch (cells.Verdict[c])
                {
                    case Cells.BothPass: tp += k; break;
                    case Cells.JudgePasses: fp += k; break;
                    case Cells.HumanPasses: fn += k; break;
                    default: tn += k; break;
                }
            }

            double mx = sx / n, my = sy / n, sxy = 0, sxx = 0, syy = 0;
            for (var c = 0; c < counts.Length; c++)
            {
                var k = counts[c];
                if (k == 0) continue;
                double dx = xRanks[cells.X[c]] - mx, dy = yRanks[cells.Y[c]] - my;
                sxy += k * dx * dy;
                sxx += k * dx * dx;
                syy += k * dy * dy;
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

    // A tie group's rank in a resample: the ranks before it plus the mean of the ranks its drawn copies span.
    private static void RanksOf(long[] sizes, double[] ranks)
    {
        long before = 0;
        for (var g = 0; g < sizes.Length; g++)
        {
            ranks[g] = before + ((sizes[g] + 1) / 2.0);
            before += sizes[g];
        }
    }

    /// <summary>Pairs grouped by (judge tie group, human tie group); tie groups numbered in ascending value order.</summary>
    private sealed class Cells
    {
        public const byte BothPass = 0, JudgePasses = 1, HumanPasses = 2, NeitherPasses = 3;

        public required int[] OfPair { get; init; }
        public required int[] X { get; init; }
        public required int[] Y { get; init; }
        public required byte[] Verdict { get; init; }
        public required int XGroups { get; init; }
        public required int YGroups { get; init; }
        public int Count => X.Length;

        public static Cells Of(IReadOnlyList<double> x, IReadOnlyList<double> y, double threshold, Ties xTies, Ties yTies)
        {
            var cellOf = new Dictionary<long, int>();
            var ofPair = new int[x.Count];
            List<int> cx = [], cy = [];
            List<byte> verdict = [];
            for (var i = 0; i < ofPair.Length; i++)
            {
                var key = ((long)xTies.Group[i] * yTies.Groups) + yTies.Group[i];
                if (!cellOf.TryGetValue(key, out var cell))
                {
                    cell = cellOf[key] = cx.Count;
                    cx.Add(xTies.Group[i]);
                    cy.Add(yTies.Group[i]);
                    bool j = x[i] >= threshold, h = y[i] >= threshold;
                    verdict.Add(j && h ? BothPass : j ? JudgePasses : h ? HumanPasses : NeitherPasses);
                }

                ofPair[i] = cell;
            }

            return new Cells { OfPair = ofPair, X = [.. cx], Y = [.. cy], Verdict = [.. verdict], XGroups = xTies.Groups, YGroups = yTies.Groups };
        }
    }
}

/// <summary>
/// One side's ranks (1-based, a run of equal values sharing the mean of the ranks it spans) and tie groups (numbered in
/// ascending value order), from one sort. The sort is not stable: every index of a run gets the same rank and group.
/// </summary>
internal sealed record Ties(double[] Ranks, int[] Group, int Groups)
{
    public static Ties Of(IReadOnlyList<double> values)
    {
        var keys = values.ToArray();
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(keys, order);
        var ranks = new double[keys.Length];
        var group = new int[keys.Length];
        var groups = 0;
        for (var start = 0; start < keys.Length;)
        {
            var end = start;
            while (end + 1 < keys.Length && keys[end + 1] == keys[start]) end++;
            var rank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = rank;
                group[order[k]] = groups;
            }

            groups++;
            start = end + 1;
        }

        return new Ties(ranks, group, groups);
    }
}

/// <summary>Pass/fail agreement counts: judge and human both pass (tp), only the judge (fp), only the human (fn), neither (tn).</summary>
internal readonly record struct Confusion(int Tp, int Fp, int Fn, int Tn)
{
    public int Total => Tp + Fp + Fn + Tn;
}
