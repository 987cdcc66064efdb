using Microsoft.OpenApi;

namespace ScoreJobs.Server.OpenApi;

/// <summary>A query parameter a handler reads from the query string by hand, declared for the OpenAPI document.</summary>
internal sealed record QueryParameter(string Name, JsonSchemaType Type, string Description, bool Repeatable = false);
