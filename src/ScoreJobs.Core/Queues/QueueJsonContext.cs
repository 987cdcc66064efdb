using System.Text.Json.Serialization;

namespace ScoreJobs.Queues;

/// <summary>Source-generated JSON for queue messages: <c>{"job_id":"…"}</c>, snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(JobMessage))]
internal sealed partial class QueueJsonContext : JsonSerializerContext;
