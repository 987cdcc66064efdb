namespace ScoreJobs.Server.OpenApi;

/// <summary>
/// Endpoint metadata for the OpenAPI document only: the route's JSON body has this shape. Not <c>Accepts&lt;T&gt;</c>, whose
/// metadata routing also enforces (a 415 for any other content type), while the handlers read JSONL, CSV and more by hand.
/// </summary>
internal sealed record JsonBody(Type Type);
