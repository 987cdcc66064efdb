namespace ScoreJobs.Index;

/// <summary>One metric's scores within a run: count, sum, sum of squares and a histogram in bins of 0.001.</summary>
public sealed class MetricTally
{
    public long N { get; set; }

    /// <summary>Finished samples that asked for the metric and got no score (the metric or the whole job failed).</summary>
    public long Failed { get; set; }

    /// <summary>Finished samples that asked for the metric but lacked the inputs it needs.</summary>
    public long Skipped { get; set; }

    /// <summary>Samples whose repeats straddled the threshold (<c>"repeats"</c> above 1).</summary>
    public long Flaky { get; set; }
    public double Sum { get; set; }
    public double SumOfSquares { get; set; }

    /// <summary>Bin (the score times 1000, rounded down) to count; bins that fall to zero are removed.</summary>
    public SortedDictionary<int, long> Bins { get; set; } = [];

    /// <summary>The bin a score falls in: 0.8 and 0.8009 are bin 800, 1.0 is bin 1000.</summary>
    public static int BinOf(double score) => (int)Math.Floor(Math.Clamp(score, 0, 1) * RunTally.BinsPerUnit + 1e-9);

    public void Apply(double score, int sign)
    {
        N += sign;
        Sum += sign * score;
        SumOfSquares += sign * score * score;
        var bin = BinOf(score);
        var count = Bins.GetValueOrDefault(bin) + sign;
        if (count == 0) Bins.Remove(bin);
        else Bins[bin] = count;
        if (N == 0)
        {
            // Back to nothing: drop the rounding dust of adding and taking out the same values.
            Sum = 0;
            SumOfSquares = 0;
        }
    }

    public void Merge(MetricTally other)
    {
        N += other.N;
        Failed += other.Failed;
        Skipped += other.Skipped;
        Flaky += other.Flaky;
        Sum += other.Sum;
        SumOfSquares += other.SumOfSquares;
        foreach (var (bin, count) in other.Bins)
        {
            var sum = Bins.GetValueOrDefault(bin) + count;
            if (sum == 0) Bins.Remove(bin);
            else Bins[bin] = sum;
        }
    }
}
