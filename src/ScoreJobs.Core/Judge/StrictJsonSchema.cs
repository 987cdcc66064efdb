using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace ScoreJobs.Judge;

/// <summary>
/// The JSON schema of a reply record in the shape OpenAI's strict structured outputs accept: every
/// property required, no additional properties, no defaults, and no <c>$ref</c> (a type used twice is
/// written out twice, which every server's grammar engine understands). Generated from the
/// source-generated type info, so the schema the judge is held to and the parser that reads its reply
/// cannot drift apart. Reply records are not recursive.
/// </summary>
internal static class StrictJsonSchema
{
    private static readonly JsonSerializerOptions CompactJson = new() { WriteIndented = false };

    public static string For(JsonTypeInfo typeInfo)
    {
        var exporterOptions = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = static (context, node) =>
            {
                if (node is not JsonObject schema) return node;

                // Strict mode knows no "default"; optional reply fields are nullable and required instead.
                schema.Remove("default");
                if (schema["properties"] is JsonObject properties)
                {
                    // Set from the object: the exporter leaves a custom converter's property as {} and, when it has a
                    // default value, without calling this for it.
                    foreach (var property in context.TypeInfo.Properties)
                    {
                        var converter = property.CustomConverter ?? context.TypeInfo.Options.GetTypeInfo(property.PropertyType).Converter;
                        if (converter is IReplySchemaConverter described) properties[property.Name] = described.Schema();
                    }

                    schema["required"] = new JsonArray([.. properties.Select(p => (JsonNode)JsonValue.Create(p.Key))]);
                    schema["additionalProperties"] = false;
                }

                return node;
            },
        };

        var root = typeInfo.Options.GetJsonSchemaAsNode(typeInfo.Type, exporterOptions);
        return Inline(root, root, depth: 0)!.ToJsonString(CompactJson);
    }

    private static JsonNode? Inline(JsonNode? node, JsonNode root, int depth)
    {
        if (depth > 32) throw new InvalidOperationException("reply schemas must not be recursive");

        switch (node)
        {
            case JsonObject obj when obj["$ref"] is JsonValue reference && reference.GetValue<string>() is { } pointer:
                return Inline(Resolve(root, pointer).DeepClone(), root, depth + 1);
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj) copy[name] = Inline(value, root, depth + 1);
                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Inline(item, root, depth + 1))]);
            default:
                return node?.DeepClone();
        }
    }

    private static JsonNode Resolve(JsonNode root, string pointer)
    {
        var node = root;
        foreach (var segment in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node is JsonArray array ? array[int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)]! : node[name]!;
        }

        return node;
    }
}
