using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScoreJobs.Rubrics;

/// <summary>
/// Writes a scale as on the wire (<c>"1-5"</c> or <c>{"labels": [...]}</c>) and reads back what was stored. Requests are
/// read by <see cref="RubricReader"/>, which names each fault; this converter only reads what that reader let through.
/// </summary>
internal sealed class RubricScaleJsonConverter : JsonConverter<RubricScale>
{
    public override RubricScale? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var problems = new List<string>();
        return RubricReader.ReadScale(document.RootElement, "scale", (_, message) => problems.Add(message))
            ?? throw new JsonException("not a rubric scale: " + string.Join("; ", problems));
    }

    public override void Write(Utf8JsonWriter writer, RubricScale value, JsonSerializerOptions options)
    {
        if (value.Labels is not { } labels)
        {
            writer.WriteStringValue(value.Kind);
            return;
        }

        writer.WriteStartObject();
        writer.WriteStartArray("labels");
        foreach (var label in labels) writer.WriteStringValue(label);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
