using System.Text.Json.Serialization;

namespace ScoreJobs.Queues;

/// <summary>Source-generated JSON for queue messages, snake_case: the kinds of <see cref="JobMessage"/>, and the format before them.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(JobMessage))]
[JsonSerializable(typeof(LegacyJobMessage))]
internal sealed partial class QueueJsonContext : JsonSerializerContext;
