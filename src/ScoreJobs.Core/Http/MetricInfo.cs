namespace ScoreJobs.Http;

/// <summary>One entry of GET /api/score/metrics.</summary>
public sealed record MetricInfo(string Name, IReadOnlyList<string> Needs, bool NeedsJudge, double DefaultWeight, bool Available, string Description);
