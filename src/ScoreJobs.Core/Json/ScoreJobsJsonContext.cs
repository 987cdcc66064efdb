using System.Text.Json.Serialization;
using ScoreJobs.Jobs;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Requests;
using ScoreJobs.Scoring;

namespace ScoreJobs.Json;

/// <summary>Source-generated JSON for everything on the wire and in storage: snake_case names, enums as strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcTimestampConverter), typeof(SnakeCaseEnumConverter<JobStatus>), typeof(SnakeCaseEnumConverter<MetricStatus>), typeof(SnakeCaseEnumConverter<MetricErrorKind>)])]
[JsonSerializable(typeof(JobRecord))]
[JsonSerializable(typeof(ScoreRequest))]
[JsonSerializable(typeof(JobMessage))]
[JsonSerializable(typeof(IdempotencyClaim))]
[JsonSerializable(typeof(ScoreOutcome))]
public sealed partial class ScoreJobsJsonContext : JsonSerializerContext;
