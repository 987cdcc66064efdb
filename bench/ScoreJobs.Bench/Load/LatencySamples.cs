using ScoreJobs.Bench.Reports;

namespace ScoreJobs.Bench.Load;

/// <summary>Latencies in milliseconds, collected from many tasks; percentiles by nearest rank.</summary>
internal sealed class LatencySamples
{
    private readonly List<double> _values = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock) return _values.Count;
        }
    }

    public void Add(double milliseconds)
    {
        lock (_lock) _values.Add(milliseconds);
    }

    public LatencySummary Summarize()
    {
        double[] sorted;
        lock (_lock) sorted = [.. _values];
        Array.Sort(sorted);
        if (sorted.Length == 0) return new LatencySummary(0, 0, 0, 0, 0, 0);
        return new LatencySummary(
            sorted.Length,
            Round(Percentile(sorted, 0.50)),
            Round(Percentile(sorted, 0.90)),
            Round(Percentile(sorted, 0.99)),
            Round(sorted[^1]),
            Round(sorted.Average()));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Round(double value) => Math.Round(value, 3);
}
