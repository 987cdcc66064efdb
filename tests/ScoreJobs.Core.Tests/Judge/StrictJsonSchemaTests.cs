using System.Text.Json;
using ScoreJobs.Metrics.Judge;

namespace ScoreJobs.Judge;

public sealed class StrictJsonSchemaTests
{
    public static TheoryData<string, string> Schemas => new()
    {
        { FaithfulnessMetric.StatementsPrompt.Name, FaithfulnessMetric.StatementsPrompt.ReplySchema },
        { FaithfulnessMetric.VerdictsPrompt.Name, FaithfulnessMetric.VerdictsPrompt.ReplySchema },
        { AnswerRelevancyMetric.QuestionsPrompt.Name, AnswerRelevancyMetric.QuestionsPrompt.ReplySchema },
        { AnswerRelevancyMetric.RatingPrompt.Name, AnswerRelevancyMetric.RatingPrompt.ReplySchema },
        { ContextPrecisionMetric.VerdictsPrompt.Name, ContextPrecisionMetric.VerdictsPrompt.ReplySchema },
        { ContextRecallMetric.AttributionPrompt.Name, ContextRecallMetric.AttributionPrompt.ReplySchema },
        { AnswerCorrectnessMetric.ClassificationPrompt.Name, AnswerCorrectnessMetric.ClassificationPrompt.ReplySchema },
        { OverallQualityMetric.RatingPrompt.Name, OverallQualityMetric.RatingPrompt.ReplySchema },
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
        using var document = JsonDocument.Parse(FaithfulnessMetric.VerdictsPrompt.ReplySchema);

        var item = document.RootElement.GetProperty("properties").GetProperty("verdicts").GetProperty("items");
        Assert.Equal(["id", "reason", "verdict"], item.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal("integer", item.GetProperty("properties").GetProperty("verdict").GetProperty("type").GetString());
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
