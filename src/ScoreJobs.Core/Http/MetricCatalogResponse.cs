namespace ScoreJobs.Http;

/// <summary>The body of GET /api/score/metrics.</summary>
public sealed record MetricCatalogResponse(IReadOnlyList<MetricInfo> Metrics);
