namespace ScoreJobs.Bench.Load;

/// <summary>What a closed loop measured: latencies of the successful calls, every status seen, and the wall time.</summary>
internal sealed record LoopResult(LatencySamples Samples, SortedDictionary<int, int> Statuses, TimeSpan Elapsed)
{
    public int Succeeded => Statuses.Where(s => s.Key is >= 200 and < 300).Sum(s => s.Value);

    public int Failed => Statuses.Where(s => s.Key is < 200 or >= 300).Sum(s => s.Value);

    public double PerSecond => Elapsed.TotalSeconds > 0 ? Succeeded / Elapsed.TotalSeconds : 0;
}
