using System.Runtime.CompilerServices;

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
    public static double? Spearman(Ties x, Ties y) => x.Count < 2 ? null : Pearson(x.RankList, y.RankList);

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
    /// A percentile bootstrap 95 % interval of <paramref name="figure"/> the slow way: the pairs in
    /// <see cref="AgreementBootstrap"/>'s canonical order, each resample drawn from the same per-resample generator and
    /// copied out, so the same pairs always give the same interval; resamples where the figure is undefined are left
    /// out. Null with fewer than two pairs or when no resample defines it. The reference the fast bootstrap is tested against.
    /// </summary>
    public static double[]? Interval(
        IReadOnlyList<double> x, IReadOnlyList<double> y, Func<IReadOnlyList<double>, IReadOnlyList<double>, double?> figure, int resamples = 1000)
    {
        var n = x.Count;
        if (n < 2) return null;
        var order = AgreementBootstrap.CanonicalOrder(Ties.Of(x), Ties.Of(y), pooled: false);
        var values = new List<double>(resamples);
        var bx = new double[n];
        var by = new double[n];
        for (var r = 0; r < resamples; r++)
        {
            var random = new BootstrapRandom(r);
            for (var i = 0; i < n; i++)
            {
                var k = order[random.Next(n)];
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
/// Seeded percentile bootstrap 95 % intervals of Spearman's rho and Cohen's kappa from the same resamples. The pairs
/// are put in one canonical order first (by judge value, then human value), and each resample draws n positions in
/// that order from its own seeded <see cref="BootstrapRandom"/>: the interval depends only on the multiset of pairs, so
/// the same data gives the same interval whatever order the index returned it in. Draws are counted per cell: pairs
/// with the same judge value and the same human value are interchangeable for both figures, so ranks and sums over a
/// resample cost O(cells) beyond the n draws. Ranks within a resample come from one sort of each side done beforehand
/// (a tie group's copies share the mean of the ranks they span). <see cref="Agreement.Interval"/> is the same bootstrap
/// done the slow way (each resample's pairs copied out and ranked afresh), and the tests hold the two equal.
/// </summary>
internal static class AgreementBootstrap
{
    /// <summary>Resamples below <see cref="WorkBudget"/> pairs times resamples; fewer (never below 50) for very many pairs.</summary>
    public const int MaxResamples = 1000;

    /// <summary>Pairs times resamples one interval may cost: 1,000 resamples up to 5,000 pairs, then fewer.</summary>
    public const long WorkBudget = 5_000_000;

    public static int ResamplesFor(int n) => (int)Math.Clamp(WorkBudget / Math.Max(n, 1), 50, MaxResamples);

    public static (double[]? Spearman, double[]? Kappa) Intervals(IReadOnlyList<double> x, IReadOnlyList<double> y, double threshold) =>
        Intervals(x, y, threshold, Ties.Of(x), Ties.Of(y));

    public static (double[]? Spearman, double[]? Kappa) Intervals(IReadOnlyList<double> x, IReadOnlyList<double> y, double threshold, Ties xTies, Ties yTies)
    {
        var n = x.Count;
        if (n < 2) return (null, null);
        var resamples = ResamplesFor(n);
        var cells = Cells.Of(x, y, threshold, xTies, yTies);
        try
        {
            var rhos = new double[resamples];
            var kappas = new double[resamples];
            // Each resample has its own generator (seeded by its number), so the two cores can share the resamples and the
            // result does not depend on which thread drew which. Each thread takes the next resample not yet taken rather
            // than every other one: on a shared machine one thread often waits for a core, and halves fixed in advance
            // made the call as slow as that thread (50 and 100 ms for the two halves of one report, measured at load 4).
            var workers = Math.Min(Environment.ProcessorCount, n >= 20_000 ? 2 : 1);
            var next = -1;
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
            {
                var scratch = new Scratch(cells);
                try
                {
                    for (int r; (r = Interlocked.Increment(ref next)) < resamples;) (rhos[r], kappas[r]) = Resample(cells, scratch, n, r);
                }
                finally
                {
                    scratch.Return();
                }
            });

            return (PercentileInterval(rhos), PercentileInterval(kappas));
        }
        finally
        {
            cells.Return();
        }
    }

    // One resample's rho and kappa, NaN where undefined. Optimised from its first call: a report is computed once after
    // a label write, and the tiered JIT would otherwise run the first ones' 5 million draws unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Rho, double Kappa) Resample(Cells cells, Scratch scratch, int n, int resample)
    {
        var counts = scratch.Counts.AsSpan(0, cells.Count);
        var drawn = cells.OfPosition;
        counts.Clear();
        var random = new BootstrapRandom(resample);
        if (drawn is null)
        {
            for (var i = 0; i < n; i++) counts[random.Next(n)]++;
        }
        else
        {
            for (var i = 0; i < n; i++) counts[drawn[random.Next(n)]]++;
        }

        var xSizes = scratch.XSizes.AsSpan(0, cells.XGroups);
        var ySizes = scratch.YSizes.AsSpan(0, cells.YGroups);
        xSizes.Clear();
        ySizes.Clear();
        for (var c = 0; c < counts.Length; c++)
        {
            xSizes[cells.X[c]] += counts[c];
            ySizes[cells.Y[c]] += counts[c];
        }

        // Ranks 1..n with ties averaged always have the mean (n + 1) / 2, so the centred ranks come straight from the
        // group sizes, and each side's sum of squares is one pass over its groups.
        var sxx = CentredRanks(xSizes, scratch.XRanks.AsSpan(0, cells.XGroups), n);
        var syy = CentredRanks(ySizes, scratch.YRanks.AsSpan(0, cells.YGroups), n);
        double sxy = 0;
        Span<int> verdicts = stackalloc int[4];
        // No test for an undrawn cell: a third of cells are, at random, and the mispredicted branch cost more than adding
        // its zero (which leaves sxy as it was, bit for bit, since sxy starts at +0 and ranks are finite).
        var (xRanks, yRanks) = (scratch.XRanks, scratch.YRanks);
        for (var c = 0; c < counts.Length; c++)
        {
            var k = counts[c];
            sxy += k * xRanks[cells.X[c]] * yRanks[cells.Y[c]];
            verdicts[cells.Verdict[c]] += k;
        }

        var rho = sxx >= 1e-12 && syy >= 1e-12 ? Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1) : double.NaN;
        var kappa = Agreement.Kappa(new Confusion(verdicts[Cells.BothPass], verdicts[Cells.JudgePasses], verdicts[Cells.HumanPasses], verdicts[Cells.NeitherPasses]));
        return (rho, kappa ?? double.NaN);
    }

    // A tie group's centred rank in a resample: the ranks before it plus the mean of the ranks its drawn copies span,
    // less the mean rank; returns the sum of squares over the resample.
    private static double CentredRanks(ReadOnlySpan<long> sizes, Span<double> ranks, int n)
    {
        var mean = (n + 1) / 2.0;
        double squares = 0;
        long before = 0;
        for (var g = 0; g < sizes.Length; g++)
        {
            var centred = before + ((sizes[g] + 1) / 2.0) - mean;
            ranks[g] = centred;
            squares += sizes[g] * centred * centred;
            before += sizes[g];
        }

        return squares;
    }

    private static double[]? PercentileInterval(double[] values)
    {
        var defined = values.Where(v => !double.IsNaN(v)).ToArray();
        if (defined.Length == 0) return null;
        Array.Sort(defined);
        return [PairedDifference.Percentile(defined, 0.025), PairedDifference.Percentile(defined, 0.975)];
    }

    /// <summary>
    /// The pairs' canonical order: by judge value, then human value (the tie groups' numbers). Pooled: the first
    /// <see cref="Ties.Count"/> items of an array rented from <see cref="AgreementArrays{T}.Pool"/>, which the caller returns.
    /// </summary>
    public static int[] CanonicalOrder(Ties xTies, Ties yTies, bool pooled)
    {
        // Two stable counting sorts (by human group, then by judge group) rather than a comparison sort of n keys: the
        // groups are small integers below n, so this is a few linear passes. Pairs in the same two groups are the same
        // cell (same values on both sides), so their order among themselves changes nothing.
        var n = xTies.Count;
        var byHuman = AgreementArrays<int>.Pool.Rent(n);
        var order = pooled ? AgreementArrays<int>.Pool.Rent(n) : new int[n];
        var starts = AgreementArrays<int>.Pool.Rent(Math.Max(xTies.Groups, yTies.Groups) + 1);
        for (var i = 0; i < n; i++) order[i] = i;
        CountingSort(order.AsSpan(0, n), yTies.Group, yTies.Groups, starts, byHuman);
        CountingSort(byHuman.AsSpan(0, n), xTies.Group, xTies.Groups, starts, order);
        AgreementArrays<int>.Pool.Return(byHuman);
        AgreementArrays<int>.Pool.Return(starts);
        return order;
    }

    private static void CountingSort(ReadOnlySpan<int> items, int[] group, int groups, int[] starts, int[] sorted)
    {
        var first = starts.AsSpan(0, groups + 1);
        first.Clear();
        foreach (var i in items) first[group[i] + 1]++;
        for (var g = 1; g <= groups; g++) first[g] += first[g - 1];
        foreach (var i in items) sorted[first[group[i]]++] = i;
    }

    // A worker's per-resample arrays, rented: at 100,000 pairs they are 2 MB a worker, which allocated afresh each report
    // went to the large object heap and brought gen2 collections.
    private sealed class Scratch(Cells cells)
    {
        public int[] Counts { get; } = AgreementArrays<int>.Pool.Rent(cells.Count);
        public long[] XSizes { get; } = AgreementArrays<long>.Pool.Rent(cells.XGroups);
        public long[] YSizes { get; } = AgreementArrays<long>.Pool.Rent(cells.YGroups);
        public double[] XRanks { get; } = AgreementArrays<double>.Pool.Rent(cells.XGroups);
        public double[] YRanks { get; } = AgreementArrays<double>.Pool.Rent(cells.YGroups);

        public void Return()
        {
            AgreementArrays<int>.Pool.Return(Counts);
            AgreementArrays<long>.Pool.Return(XSizes);
            AgreementArrays<long>.Pool.Return(YSizes);
            AgreementArrays<double>.Pool.Return(XRanks);
            AgreementArrays<double>.Pool.Return(YRanks);
        }
    }

    /// <summary>
    /// Cells (judge tie group, human tie group) in canonical order, and the cell at each canonical position; or, when
    /// most pairs are alone in their cell (continuous judge scores), one cell a position and no lookup, which saves a
    /// random read of an n-sized array on each of the draws (about a quarter of the bootstrap's CPU at 100,000 pairs,
    /// measured on a busy machine) for a few cells more in the passes over them.
    /// </summary>
    private sealed class Cells
    {
        public const byte BothPass = 0, JudgePasses = 1, HumanPasses = 2, NeitherPasses = 3;

        // All rented from AgreementArrays<T>.Pool (the first Count items hold the cells; OfPosition's first n), returned by Return.
        public required int[]? OfPosition { get; init; }
        public required int[] X { get; init; }
        public required int[] Y { get; init; }
        public required byte[] Verdict { get; init; }
        public required int XGroups { get; init; }
        public required int YGroups { get; init; }
        public required int Count { get; init; }

        public static Cells Of(IReadOnlyList<double> x, IReadOnlyList<double> y, double threshold, Ties xTies, Ties yTies)
        {
            var n = xTies.Count;
            var order = CanonicalOrder(xTies, yTies, pooled: true);
            var ofPosition = AgreementArrays<int>.Pool.Rent(n);
            var (cx, cy, verdict) = (AgreementArrays<int>.Pool.Rent(n), AgreementArrays<int>.Pool.Rent(n), AgreementArrays<byte>.Pool.Rent(n));
            var count = 0;
            for (var p = 0; p < n; p++)
            {
                var i = order[p];
                int gx = xTies.Group[i], gy = yTies.Group[i];
                if (count == 0 || cx[count - 1] != gx || cy[count - 1] != gy)
                {
                    cx[count] = gx;
                    cy[count] = gy;
                    bool j = x[i] >= threshold, h = y[i] >= threshold;
                    verdict[count++] = j && h ? BothPass : j ? JudgePasses : h ? HumanPasses : NeitherPasses;
                }

                ofPosition[p] = count - 1;
            }

            AgreementArrays<int>.Pool.Return(order);
            if (count > n / 2)
            {
                // One cell a position, expanded in place (the arrays hold n): a position's cell is never after it, so
                // walking down reads each cell before anything overwrites it.
                for (var p = n - 1; p >= 0; p--) (cx[p], cy[p], verdict[p]) = (cx[ofPosition[p]], cy[ofPosition[p]], verdict[ofPosition[p]]);
                AgreementArrays<int>.Pool.Return(ofPosition);
                return new Cells { OfPosition = null, X = cx, Y = cy, Verdict = verdict, XGroups = xTies.Groups, YGroups = yTies.Groups, Count = n };
            }

            return new Cells { OfPosition = ofPosition, X = cx, Y = cy, Verdict = verdict, XGroups = xTies.Groups, YGroups = yTies.Groups, Count = count };
        }

        public void Return()
        {
            if (OfPosition is not null) AgreementArrays<int>.Pool.Return(OfPosition);
            AgreementArrays<int>.Pool.Return(X);
            AgreementArrays<int>.Pool.Return(Y);
            AgreementArrays<byte>.Pool.Return(Verdict);
        }
    }
}

/// <summary>
/// The bootstrap's generator: xoshiro256** (Blackman and Vigna), seeded by SplitMix64 from a fixed seed and the
/// resample's number, with Lemire's unbiased bounded draws. Written here because <see cref="Random"/> given a seed keeps
/// its .NET Framework algorithm for compatibility, several times slower a draw, and offers no per-resample streams;
/// the registry's generators come inside test or numerics packages far larger than these lines.
/// </summary>
internal struct BootstrapRandom
{
    private const ulong Seed = 20_261_206;
    private ulong _s0, _s1, _s2, _s3;

    public BootstrapRandom(int stream)
    {
        var state = Seed ^ ((ulong)(uint)stream * 0x9E3779B97F4A7C15UL);
        _s0 = SplitMix(ref state);
        _s1 = SplitMix(ref state);
        _s2 = SplitMix(ref state);
        _s3 = SplitMix(ref state);
    }

    /// <summary>A uniform integer in [0, <paramref name="n"/>), 0 &lt; n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int n)
    {
        var product = (ulong)NextUInt32() * (uint)n;
        if ((uint)product < (uint)n)
        {
            var floor = (uint)-n % (uint)n;
            while ((uint)product < floor) product = (ulong)NextUInt32() * (uint)n;
        }

        return (int)(product >> 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint NextUInt32() => (uint)(NextUInt64() >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>
/// One side's ranks (1-based, a run of equal values sharing the mean of the ranks it spans) and tie groups (numbered in
/// ascending value order), from one sort. The sort is not stable: every index of a run gets the same rank and group.
/// Pooled ties hold the first <see cref="Count"/> items of arrays rented from <see cref="AgreementArrays{T}.Pool"/>, given
/// back by <see cref="Return"/>.
/// </summary>
internal sealed record Ties(double[] Ranks, int[] Group, int Groups, int Count, bool Pooled)
{
    /// <summary>The ranks as a list of <see cref="Count"/> items.</summary>
    public IReadOnlyList<double> RankList => Pooled ? new ArraySegment<double>(Ranks, 0, Count) : Ranks;

    public static Ties Of(IReadOnlyList<double> values, bool pooled = false)
    {
        var n = values.Count;
        var keys = AgreementArrays<double>.Pool.Rent(n);
        var order = AgreementArrays<int>.Pool.Rent(n);
        for (var i = 0; i < n; i++)
        {
            keys[i] = values[i];
            order[i] = i;
        }

        keys.AsSpan(0, n).Sort(order.AsSpan(0, n));
        var ranks = pooled ? AgreementArrays<double>.Pool.Rent(n) : new double[n];
        var group = pooled ? AgreementArrays<int>.Pool.Rent(n) : new int[n];
        var groups = 0;
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && keys[end + 1] == keys[start]) end++;
            var rank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = rank;
                group[order[k]] = groups;
            }

            groups++;
            start = end + 1;
        }

        AgreementArrays<double>.Pool.Return(keys);
        AgreementArrays<int>.Pool.Return(order);
        return new Ties(ranks, group, groups, n, pooled);
    }

    public void Return()
    {
        if (!Pooled) return;
        AgreementArrays<double>.Pool.Return(Ranks);
        AgreementArrays<int>.Pool.Return(Group);
    }
}

/// <summary>Pass/fail agreement counts: judge and human both pass (tp), only the judge (fp), only the human (fn), neither (tn).</summary>
internal readonly record struct Confusion(int Tp, int Fp, int Fn, int Tn)
{
    public int Total => Tp + Fp + Fn + Tn;
}
