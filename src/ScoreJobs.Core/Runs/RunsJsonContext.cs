using System.Text.Json.Serialization;
using ScoreJobs.Json;

namespace ScoreJobs.Runs;

/// <summary>Source-generated JSON of what runs send themselves (their callbacks): snake_case, enums as strings, as the API.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcTimestampConverter), typeof(SnakeCaseEnumConverter<RunStatus>), typeof(SnakeCaseEnumConverter<Callbacks.CallbackStatus>)])]
[JsonSerializable(typeof(RunCallbackPayload))]
internal sealed partial class RunsJsonContext : JsonSerializerContext
{
    public static RunsJsonContext Readable => field ??= new RunsJsonContext(ReadableJson.From(Default.GeneratedSerializerOptions!));
}
