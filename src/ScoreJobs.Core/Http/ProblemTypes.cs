namespace ScoreJobs.Http;

/// <summary>The stable <c>type</c> URIs of the problems the API returns (listed in docs/api.md).</summary>
internal static class ProblemTypes
{
    public const string Validation = "urn:scorejobs:problem:validation";
    public const string PayloadTooLarge = "urn:scorejobs:problem:payload-too-large";
    public const string NotFound = "urn:scorejobs:problem:not-found";
    public const string JobOfRun = "urn:scorejobs:problem:job-of-run";
    public const string Unauthorized = "urn:scorejobs:problem:unauthorized";
    public const string IdempotencyConflict = "urn:scorejobs:problem:idempotency-conflict";
    public const string Unavailable = "urn:scorejobs:problem:unavailable";
    public const string NotReady = "urn:scorejobs:problem:not-ready";
    public const string Internal = "urn:scorejobs:problem:internal";
}
