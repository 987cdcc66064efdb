using System.Text.Json.Serialization;
using ScoreJobs.Json;

namespace ScoreJobs.Labels;

/// <summary>A job's labels document as stored: <c>{"labels": [...]}</c>, snake_case like the records.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(LabelDocument))]
internal sealed partial class LabelsJsonContext : JsonSerializerContext
{
    public static LabelsJsonContext Readable => field ??= new LabelsJsonContext(ReadableJson.From(Default.GeneratedSerializerOptions!));
}

internal sealed record LabelDocument(IReadOnlyList<JobLabel> Labels);
