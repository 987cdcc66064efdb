using System.Text.Json;
using System.Text.Json.Serialization;
using ScoreJobs.Callbacks;
using ScoreJobs.Json;
using ScoreJobs.Metrics;
using ScoreJobs.Requests;

namespace ScoreJobs.Records;

/// <summary>Source-generated JSON for what is stored: records, requests, idempotency claims, run manifests and samples. snake_case, enums as strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcTimestampConverter), typeof(SnakeCaseEnumConverter<JobStatus>), typeof(SnakeCaseEnumConverter<MetricStatus>), typeof(SnakeCaseEnumConverter<MetricErrorKind>),
        typeof(SnakeCaseEnumConverter<CallbackStatus>)])]
[JsonSerializable(typeof(JobRecord))]
[JsonSerializable(typeof(JobListItem))]
[JsonSerializable(typeof(ScoreRequest))]
[JsonSerializable(typeof(IdempotencyClaim))]
[JsonSerializable(typeof(MetricResult))]
[JsonSerializable(typeof(RunManifest))]
[JsonSerializable(typeof(RunSample))]
internal sealed partial class RecordJsonContext : JsonSerializerContext
{
    /// <summary>The context to use (see <see cref="ReadableJson"/>).</summary>
    // Lazy: static initialisers across the generated partial run in no set order.
    public static RecordJsonContext Readable => field ??= new RecordJsonContext(ReadableJson.From(Default.GeneratedSerializerOptions!));
}
