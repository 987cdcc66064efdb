using System.Text.Json.Serialization;

namespace ScoreJobs.Rubrics;

/// <summary>Source-generated JSON for rubrics as stored and hashed.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RubricDefinition))]
[JsonSerializable(typeof(RubricScale))]
internal sealed partial class RubricJsonContext : JsonSerializerContext;
