namespace ScoreJobs.Server.OpenApi;

/// <summary>Endpoint metadata: the route needs the API token (and, on the Functions app, a function key).</summary>
internal sealed class ApiTokenRequired;
