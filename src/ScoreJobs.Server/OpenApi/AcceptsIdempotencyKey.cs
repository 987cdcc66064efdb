namespace ScoreJobs.Server.OpenApi;

/// <summary>Endpoint metadata: the route honours an <c>Idempotency-Key</c> header.</summary>
internal sealed class AcceptsIdempotencyKey;
