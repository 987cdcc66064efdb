using ScoreJobs.Index;

namespace ScoreJobs.Runs;

/// <summary>
/// Figures over a run's scores from its tally: the same numbers a recount of the job records gives (see
/// <see cref="FromScores"/>), which the fault harness checks.
/// </summary>
internal static class RunStatistics
{
    public static RunAggregate Aggregate(MetricTally? tally, double? threshold)
    {
        if (tally is null || tally.N <= 0) return new RunAggregate { Threshold = threshold, Passed = threshold is null ? null : false };
        var n = tally.N;
        var mean = tally.Sum / n;
        double? stdev = n < 2 ? null : Math.Sqrt(Math.Max(0, (tally.SumOfSquares - tally.Sum * tally.Sum / n) / (n - 1)));
        double? passRate = threshold is { } t ? (double)tally.Bins.Where(b => b.Key >= ThresholdBin(t)).Sum(b => b.Value) / n : null;
        return new RunAggregate
        {
            N = n,
            Mean = Round(mean),
            Median = Quantile(tally, 0.5),
            P10 = Quantile(tally, 0.1),
            Min = (double)tally.Bins.First().Key / RunTally.BinsPerUnit,
            Max = (double)tally.Bins.Last().Key / RunTally.BinsPerUnit,
            Stdev = stdev is { } s ? Round(s) : null,
            PassRate = passRate is { } p ? Round(p) : null,
            Threshold = threshold,
            Passed = threshold is { } limit ? mean + 1e-9 >= limit : null,
        };
    }

    /// <summary>The same figures from the scores themselves (a recount from the job records).</summary>
    public static RunAggregate FromScores(IEnumerable<double> scores, double? threshold)
    {
        var tally = new MetricTally();
        foreach (var score in scores) tally.Apply(score, +1);
        return Aggregate(tally, threshold);
    }

    /// <summary>The smallest bin a score meeting <paramref name="threshold"/> can fall in.</summary>
    private static int ThresholdBin(double threshold) => (int)Math.Ceiling(threshold * RunTally.BinsPerUnit - 1e-9);

    // Linear interpolation between the two nearest ranks (numpy's default), over the binned scores.
    private static double Quantile(MetricTally tally, double p)
    {
        var position = p * (tally.N - 1);
        var lower = (long)Math.Floor(position);
        var low = ValueAt(tally, lower);
        var high = ValueAt(tally, Math.Min(lower + 1, tally.N - 1));
        return Round(low + (high - low) * (position - lower));
    }

    private static double ValueAt(MetricTally tally, long rank)
    {
        long seen = 0;
        foreach (var (bin, count) in tally.Bins)
        {
            seen += count;
            if (rank < seen) return (double)bin / RunTally.BinsPerUnit;
        }

        return (double)tally.Bins.Last().Key / RunTally.BinsPerUnit;
    }

    private static double Round(double value) => Math.Round(value, 6);
}
