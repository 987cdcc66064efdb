namespace ScoreJobs.Server.OpenApi;

/// <summary>Endpoint metadata: the query parameters of a route.</summary>
internal sealed record QueryParameters(IReadOnlyList<QueryParameter> Parameters);
