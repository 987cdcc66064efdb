namespace ScoreJobs.Metrics;

/// <summary>
/// The metrics a request will run (<see cref="Effective"/>), those it named or defaulted to but lacks
/// inputs for (<see cref="Skipped"/>, with the reason), and the weight of each.
/// </summary>
public sealed record MetricSelection(
    IReadOnlyList<Metric> Effective,
    IReadOnlyDictionary<string, string> Skipped,
    IReadOnlyDictionary<string, double> Weights)
{
    public bool NeedsJudge => Effective.Any(m => m.Definition.NeedsJudge);
}
