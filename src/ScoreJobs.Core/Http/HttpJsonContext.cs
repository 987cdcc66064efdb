using ScoreJobs.Index;
using System.Text.Json.Serialization;
using ScoreJobs.Callbacks;
using ScoreJobs.Jobs;
using ScoreJobs.Json;
using ScoreJobs.Metrics;
using ScoreJobs.Records;
using ScoreJobs.Scoring;

using ScoreJobs.Runs;

namespace ScoreJobs.Http;

/// <summary>Source-generated JSON for the API's responses: snake_case, enums as strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcTimestampConverter), typeof(SnakeCaseEnumConverter<JobStatus>), typeof(SnakeCaseEnumConverter<MetricStatus>), typeof(SnakeCaseEnumConverter<MetricErrorKind>),
        typeof(SnakeCaseEnumConverter<CallbackStatus>), typeof(SnakeCaseEnumConverter<RunStatus>),
        typeof(SnakeCaseEnumConverter<ComparisonChange>)])]
[JsonSerializable(typeof(JobRecord))]
[JsonSerializable(typeof(JobListItem))]
[JsonSerializable(typeof(ScoreOutcome))]
[JsonSerializable(typeof(SubmitResponse))]
[JsonSerializable(typeof(NotSampledResponse))]
[JsonSerializable(typeof(JobListResponse))]
[JsonSerializable(typeof(JobStats))]
[JsonSerializable(typeof(MetricCatalogResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ReadinessResponse))]
[JsonSerializable(typeof(SubmitRunResponse))]
[JsonSerializable(typeof(RunEstimateResponse))]
[JsonSerializable(typeof(RunListResponse))]
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(RunComparison))]
[JsonSerializable(typeof(LabelsResponse))]
[JsonSerializable(typeof(ScoreJobs.Statistics.AgreementReport))]
internal sealed partial class HttpJsonContext : JsonSerializerContext
{
    /// <summary>The context to use (see <see cref="ReadableJson"/>).</summary>
    public static HttpJsonContext Readable => field ??= new HttpJsonContext(ReadableJson.From(Default.GeneratedSerializerOptions!));
}
