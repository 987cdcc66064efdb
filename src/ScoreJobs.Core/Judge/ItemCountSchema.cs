using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScoreJobs.Judge;

/// <summary>
/// A reply schema whose item array must hold exactly the number of items sent (<c>minItems</c> = <c>maxItems</c> = N),
/// so a server that enforces structured outputs cannot return two verdicts for three contexts.
/// </summary>
internal static class ItemCountSchema
{
    public static JsonElement Apply(JsonElement schema, string arrayProperty, int count)
    {
        var root = JsonNode.Parse(schema.GetRawText())!.AsObject();
        if (root["properties"]?[arrayProperty] is not JsonObject array) return schema;

        array["minItems"] = count;
        array["maxItems"] = count;
        return JsonElement.Parse(root.ToJsonString());
    }
}
