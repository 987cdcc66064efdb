using System.Text.Json;

namespace ScoreJobs.Rubrics;

public sealed class RubricReaderTests
{
    [Theory]
    [InlineData("\"binary\"", "binary", 0, 1)]
    [InlineData("\"1-5\"", "1-5", 1, 5)]
    [InlineData("\"1-10\"", "1-10", 1, 10)]
    [InlineData("{\"labels\": [\"poor\", \"fair\", \"good\"]}", "labels", 1, 3)]
    public void Read_EveryScale_ReadWithItsRange(string scale, string kind, int min, int max)
    {
        var (rubric, errors) = Read($$"""{"name": "politeness", "criteria": "Is the answer polite?", "scale": {{scale}}}""");

        Assert.Empty(errors);
        Assert.Equal((kind, min, max), (rubric!.Scale.Kind, rubric.Scale.Min, rubric.Scale.Max));
        Assert.Equal(["question", "answer"], rubric.Needs);
        Assert.Equal(1, rubric.Weight);
        Assert.Null(rubric.Steps);
    }

    [Fact]
    public void Read_ChineseCriteriaAndLabels_KeptAsWritten()
    {
        var (rubric, errors) = Read("""{"name": "tone_zh", "criteria": "回答是否礼貌、不承诺退款？", "scale": {"labels": ["差", "中", "好"]}}""");

        Assert.Empty(errors);
        Assert.Equal("回答是否礼貌、不承诺退款？", rubric!.Criteria);
        Assert.Equal(["差", "中", "好"], rubric.Scale.Labels);
        Assert.Equal("好", rubric.Scale.Describe(3));
    }

    [Theory]
    [InlineData("\"1-7\"", "rubrics[0].scale")]
    [InlineData("7", "rubrics[0].scale")]
    [InlineData("{\"labels\": [\"only\"]}", "rubrics[0].scale.labels")]
    [InlineData("{\"labels\": [\"a\", \"a\"]}", "rubrics[0].scale.labels")]
    [InlineData("{\"labels\": [\"a\", \"\"]}", "rubrics[0].scale.labels")]
    [InlineData("{\"labels\": [\"a\", \"b\"], \"extra\": 1}", "rubrics[0].scale")]
    public void ReadList_BadScale_ErrorNamesTheField(string scale, string field)
    {
        var errors = ReadList($$"""{"rubrics": [{"name": "politeness", "criteria": "Polite?", "scale": {{scale}}}]}""", out var rubrics);

        Assert.Null(rubrics);
        Assert.Contains(field, errors.Keys);
    }

    [Theory]
    [InlineData("""{"criteria": "x", "scale": "1-5"}""", "rubrics[0].name")]
    [InlineData("""{"name": "Politeness", "criteria": "x", "scale": "1-5"}""", "rubrics[0].name")]
    [InlineData("""{"name": "p", "criteria": "x", "scale": "1-5"}""", "rubrics[0].name")]
    [InlineData("""{"name": "politeness", "scale": "1-5"}""", "rubrics[0].criteria")]
    [InlineData("""{"name": "politeness", "criteria": "  ", "scale": "1-5"}""", "rubrics[0].criteria")]
    [InlineData("""{"name": "politeness", "criteria": "x"}""", "rubrics[0].scale")]
    [InlineData("""{"name": "politeness", "criteria": "x", "scale": "1-5", "steps": []}""", "rubrics[0].steps")]
    [InlineData("""{"name": "politeness", "criteria": "x", "scale": "1-5", "needs": ["answer", "tone"]}""", "rubrics[0].needs")]
    [InlineData("""{"name": "politeness", "criteria": "x", "scale": "1-5", "threshold": 1.5}""", "rubrics[0].threshold")]
    [InlineData("""{"name": "politeness", "criteria": "x", "scale": "1-5", "weight": -1}""", "rubrics[0].weight")]
    [InlineData("""{"name": "politeness", "criterion": "x", "scale": "1-5"}""", "rubrics[0].criterion")]
    public void ReadList_BadField_ErrorNamesIt(string rubric, string field)
    {
        var errors = ReadList($$"""{"rubrics": [{{rubric}}]}""", out var rubrics);

        Assert.Null(rubrics);
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void ReadList_SameNameTwice_ErrorOnTheSecond()
    {
        var errors = ReadList("""
            {"rubrics": [{"name": "politeness", "criteria": "x", "scale": "1-5"}, {"name": "politeness", "criteria": "y", "scale": "binary"}]}
            """, out var rubrics);

        Assert.Null(rubrics);
        Assert.Equal(["rubrics[1].name"], errors.Keys);
    }

    [Fact]
    public void ReadList_NotAnArray_Error()
    {
        var errors = ReadList("""{"rubrics": {"name": "politeness"}}""", out _);

        Assert.Equal(["rubrics"], errors.Keys);
    }

    [Fact]
    public void ReadList_Absent_NullWithoutErrors()
    {
        var errors = ReadList("""{"question": "q"}""", out var rubrics);

        Assert.Null(rubrics);
        Assert.Empty(errors);
    }

    [Fact]
    public void Read_NeedsInAnyOrder_CanonicalOrder()
    {
        var (rubric, _) = Read("""{"name": "grounded", "criteria": "x", "scale": "binary", "needs": ["contexts", "answer", "contexts"]}""");

        Assert.Equal(["answer", "contexts"], rubric!.Needs);
    }

    private static (RubricDefinition? Rubric, Dictionary<string, string> Errors) Read(string json)
    {
        var errors = new Dictionary<string, string>();
        using var document = JsonDocument.Parse(json);
        var rubric = RubricReader.Read(document.RootElement, "", (field, message) => errors[field] = message);
        return (rubric, errors);
    }

    private static Dictionary<string, string> ReadList(string json, out IReadOnlyList<RubricDefinition>? rubrics)
    {
        var errors = new Dictionary<string, string>();
        using var document = JsonDocument.Parse(json);
        rubrics = RubricReader.ReadList(document.RootElement, (field, message) => errors[field] = message);
        return errors;
    }
}
