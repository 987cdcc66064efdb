namespace ScoreJobs.Http;

/// <summary>One entry of GET /api/score/metrics.</summary>
public sealed record MetricInfo(string Name, IReadOnlyList<string> Needs, bool NeedsJudge, double DefaultWeight, bool Available, string Description)
{
    /// <summary><c>built_in</c>, or <c>rubric</c> for a server-wide rubric.</summary>
    public string Kind { get; init; } = Metrics.MetricDefinition.BuiltIn;

    /// <summary>Whether a request that leaves <c>metrics</c> out gets this metric (when its inputs are there).</summary>
    public bool InDefaultSet { get; init; } = true;
}
