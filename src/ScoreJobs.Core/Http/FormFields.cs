using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ScoreJobs.Http;

/// <summary>
/// Turns a form body (Dify's x-www-form-urlencoded and form-data bodies) into the JSON object a score request is read
/// from, so both are read by the one reader: each field is a string, <c>metadata.&lt;tag&gt;</c> fields make the
/// <c>metadata</c> object, <c>cache</c> true/false a boolean, a <c>weights</c> field holding a JSON object that object.
/// Dify's empty <c>__multipart_placeholder__</c> file part is skipped; any other file is named as ignored.
/// </summary>
internal static class FormFields
{
    public const string DifyPlaceholder = "__multipart_placeholder__";
    private const string MetadataPrefix = "metadata.";

    public static JsonDocument ToJson(IFormCollection form, List<string> ignoredFields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var tags = form.Keys.Where(k => k.StartsWith(MetadataPrefix, StringComparison.Ordinal) && k.Length > MetadataPrefix.Length).ToList();
            foreach (var (name, values) in form)
            {
                if (name == DifyPlaceholder || tags.Contains(name)) continue;
                writer.WritePropertyName(name);
                if (values.Count > 1)
                {
                    writer.WriteStartArray();
                    foreach (var value in values) writer.WriteStringValue(value);
                    writer.WriteEndArray();
                }
                else
                {
                    WriteValue(writer, name, values.ToString());
                }
            }

            if (tags.Count > 0)
            {
                writer.WriteStartObject("metadata");
                foreach (var tag in tags) writer.WriteString(tag[MetadataPrefix.Length..], form[tag].ToString());
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        foreach (var file in form.Files)
        {
            if (file.Name != DifyPlaceholder) ignoredFields.Add(file.Name);
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    private static void WriteValue(Utf8JsonWriter writer, string name, string value)
    {
        switch (name)
        {
            case "cache" when bool.TryParse(value.Trim(), out var cache):
                writer.WriteBooleanValue(cache);
                return;
            case "repeats" when int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var repeats):
                writer.WriteNumberValue(repeats);
                return;
            case "weights" when value.TrimStart().StartsWith('{'):
                try
                {
                    using var weights = JsonDocument.Parse(value);
                    weights.RootElement.WriteTo(writer);
                    return;
                }
                catch (JsonException)
                {
                    break; // read as a string, which the reader refuses with its usual message
                }
        }

        writer.WriteStringValue(value);
    }
}
