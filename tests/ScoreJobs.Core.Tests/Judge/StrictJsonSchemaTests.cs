using System.Text.Json;
using ScoreJobs.Metrics.Judged;

namespace ScoreJobs.Judge;

public sealed class StrictJsonSchemaTests
{
    public static TheoryData<string, string> Schemas => new()
    {
        { FaithfulnessMetric.StatementsPrompt.Name, FaithfulnessMetric.StatementsPrompt.ReplySchema.GetRawText() },
        { FaithfulnessMetric.VerdictsPrompt.Name, FaithfulnessMetric.VerdictsPrompt.ReplySchema.GetRawText() },
        { AnswerRelevancyMetric.QuestionsPrompt.Name, AnswerRelevancyMetric.QuestionsPrompt.ReplySchema.GetRawText() },
        { AnswerRelevancyMetric.RatingPrompt.Name, AnswerRelevancyMetric.RatingPrompt.ReplySchema.GetRawText() },
        { ContextPrecisionMetric.VerdictsPrompt.Name, ContextPrecisionMetric.VerdictsPrompt.ReplySchema.GetRawText() },
        { ContextRecallMetric.AttributionPrompt.Name, ContextRecallMetric.AttributionPrompt.ReplySchema.GetRawText() },
        { AnswerCorrectnessMetric.ClassificationPrompt.Name, AnswerCorrectnessMetric.ClassificationPrompt.ReplySchema.GetRawText() },
        { OverallQualityMetric.RatingPrompt.Name, OverallQualityMetric.RatingPrompt.ReplySchema.GetRawText() },
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void For_EveryReply_EveryObjectClosedWithAllPropertiesRequired(string name, string schema)
    {
        using var document = JsonDocument.Parse(schema);
        var objects = Objects(document.RootElement).ToList();

        Assert.NotEmpty(objects);
        Assert.Equal("object", document.RootElement.GetProperty("type").GetString());
        foreach (var node in objects)
        {
            var properties = node.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();
            Assert.Equal(properties, node.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order());
            Assert.False(node.GetProperty("additionalProperties").GetBoolean(), name);
        }

        Assert.DoesNotContain("\"default\"", schema, StringComparison.Ordinal);
        Assert.DoesNotContain("$ref", schema, StringComparison.Ordinal);
    }

    [Fact]
    public void For_VerdictsReply_SnakeCaseNamesAndIntegerVerdicts()
    {
        using var document = JsonDocument.Parse(FaithfulnessMetric.VerdictsPrompt.ReplySchema.GetRawText());

        var item = document.RootElement.GetProperty("properties").GetProperty("verdicts").GetProperty("items");
        Assert.Equal(["id", "reason", "verdict", "contexts"], item.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal("integer", item.GetProperty("properties").GetProperty("verdict").GetProperty("type").GetString());
    }

    [Fact]
    public void For_ClaimContexts_ArrayOfIntegersThoughTheyAreReadLeniently()
    {
        foreach (var (schema, items, property) in new[]
        {
            (FaithfulnessMetric.VerdictsPrompt.ReplySchema, "verdicts", "contexts"),
            (ContextRecallMetric.AttributionPrompt.ReplySchema, "statements", "contexts"),
        })
        {
            var item = schema.GetProperty("properties").GetProperty(items).GetProperty("items");
            var contexts = item.GetProperty("properties").GetProperty(property);
            Assert.Equal("""{"type":"array","items":{"type":"integer"}}""", contexts.GetRawText());
            Assert.Contains(property, item.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        }
    }

    private static IEnumerable<JsonElement> Objects(JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            if (node.TryGetProperty("properties", out _)) yield return node;
            foreach (var child in node.EnumerateObject().SelectMany(p => Objects(p.Value))) yield return child;
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in node.EnumerateArray().SelectMany(Objects)) yield return child;
        }
    }
}
