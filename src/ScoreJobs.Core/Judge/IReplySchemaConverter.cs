using System.Text.Json.Nodes;

namespace ScoreJobs.Judge;

/// <summary>
/// A converter that reads a reply field more leniently than its schema asks, and so names that schema itself:
/// the schema exporter cannot see inside a custom converter and would otherwise allow anything there.
/// </summary>
internal interface IReplySchemaConverter
{
    /// <summary>The JSON schema the judge is held to for the field (in strict form: no defaults, no <c>$ref</c>).</summary>
    JsonNode Schema();
}
