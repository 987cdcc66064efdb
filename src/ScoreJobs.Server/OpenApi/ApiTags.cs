namespace ScoreJobs.Server.OpenApi;

/// <summary>The OpenAPI tags the routes are grouped by.</summary>
internal static class ApiTags
{
    public const string Jobs = "jobs";
    public const string Runs = "runs";
    public const string Service = "service";
}
