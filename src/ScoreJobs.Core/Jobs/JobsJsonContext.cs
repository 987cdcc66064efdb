using System.Text.Json.Serialization;
using ScoreJobs.Callbacks;
using ScoreJobs.Json;
using ScoreJobs.Metrics;
using ScoreJobs.Records;

namespace ScoreJobs.Jobs;

/// <summary>Source-generated JSON for what the jobs send out: the callback payload. snake_case, enums as strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcTimestampConverter), typeof(SnakeCaseEnumConverter<JobStatus>), typeof(SnakeCaseEnumConverter<MetricStatus>), typeof(SnakeCaseEnumConverter<MetricErrorKind>),
        typeof(SnakeCaseEnumConverter<CallbackStatus>)])]
[JsonSerializable(typeof(JobCallbackPayload))]
internal sealed partial class JobsJsonContext : JsonSerializerContext
{
    /// <summary>The context to use (see <see cref="ReadableJson"/>).</summary>
    public static JobsJsonContext Readable => field ??= new JobsJsonContext(ReadableJson.From(Default.GeneratedSerializerOptions!));
}
