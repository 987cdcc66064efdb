using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace ScoreJobs.Judge;

/// <summary>
/// The JSON schema of a reply record in the shape OpenAI's strict structured outputs accept: every
/// property required, no additional properties. Generated from the source-generated type info, so
/// the schema the judge is held to and the parser that reads its reply cannot drift apart.
/// </summary>
internal static class StrictJsonSchema
{
    public static string For(JsonTypeInfo typeInfo)
    {
        var exporterOptions = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = static (_, node) =>
            {
                if (node is JsonObject schema && schema["properties"] is JsonObject properties)
                {
                    schema["required"] = new JsonArray([.. properties.Select(p => (JsonNode)JsonValue.Create(p.Key))]);
                    schema["additionalProperties"] = false;
                }

                return node;
            },
        };

        return typeInfo.Options.GetJsonSchemaAsNode(typeInfo.Type, exporterOptions).ToJsonString(CompactJson);
    }

    private static readonly JsonSerializerOptions CompactJson = new() { WriteIndented = false };
}
