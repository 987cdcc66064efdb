using ScoreJobs.Records;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ScoreJobs.Callbacks;
using ScoreJobs.Http;
using ScoreJobs.Jobs;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Requests;
using ScoreJobs.Scoring;

namespace ScoreJobs.Json;

/// <summary>Source-generated JSON for everything on the wire and in storage: snake_case names, enums as strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcTimestampConverter), typeof(SnakeCaseEnumConverter<JobStatus>), typeof(SnakeCaseEnumConverter<MetricStatus>), typeof(SnakeCaseEnumConverter<MetricErrorKind>),
        typeof(SnakeCaseEnumConverter<CallbackStatus>)])]
[JsonSerializable(typeof(JobRecord))]
[JsonSerializable(typeof(ScoreRequest))]
[JsonSerializable(typeof(JobMessage))]
[JsonSerializable(typeof(IdempotencyClaim))]
[JsonSerializable(typeof(ScoreOutcome))]
[JsonSerializable(typeof(SubmitResponse))]
[JsonSerializable(typeof(JobListResponse))]
[JsonSerializable(typeof(JobStats))]
[JsonSerializable(typeof(MetricCatalogResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ReadinessResponse))]
[JsonSerializable(typeof(JobCallbackPayload))]
public sealed partial class ScoreJobsJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context to use: like <see cref="Default"/>, but writing non-ASCII text (Chinese questions, answers
    /// and reasons) as itself rather than as \uXXXX escapes, so stored records stay readable.
    /// Safe because the JSON is never embedded in HTML.
    /// </summary>
    // Lazy: static initialisers across the generated partial run in no set order.
    public static ScoreJobsJsonContext Readable => field ??= CreateReadable();

    private static ScoreJobsJsonContext CreateReadable()
    {
        var options = new JsonSerializerOptions(Default.GeneratedSerializerOptions!)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return new ScoreJobsJsonContext(options);
    }
}
