using System.Text.Json;

namespace ScoreJobs.Rubrics;

public sealed class RubricDefinitionTests
{
    private static readonly RubricDefinition Politeness = new()
    {
        Name = "politeness", Criteria = "Is the answer polite?", Scale = RubricScale.OneToFive,
    };

    [Fact]
    public void PromptVersion_NameAndTwelveHexOfTheHash()
    {
        Assert.Matches("^rubric:politeness/[0-9a-f]{12}$", Politeness.PromptVersion);
    }

    [Fact]
    public void Hash_SameRubricWrittenOtherwise_Same()
    {
        var otherwise = Politeness with { Criteria = "  Is the answer polite?\r\n" };

        Assert.Equal(Politeness.Hash, otherwise.Hash);
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public void Hash_WhatTheJudgeIsAskedChanges_Changes(RubricDefinition changed)
    {
        Assert.NotEqual(Politeness.Hash, changed.Hash);
    }

    public static TheoryData<RubricDefinition> Changes() =>
    [
        Politeness with { Criteria = "Is the answer polite and brief?" },
        Politeness with { Scale = RubricScale.OneToTen },
        Politeness with { Scale = RubricScale.FromLabels(["差", "好"]) },
        Politeness with { Steps = ["Check the greeting."] },
        Politeness with { Needs = ["question", "answer", "contexts"] },
        Politeness with { Name = "courtesy" },
    ];

    [Fact]
    public void Hash_WeightThresholdDescription_Unchanged()
    {
        var changed = Politeness with { Weight = 3, Threshold = 0.9, Description = "Tone." };

        Assert.Equal(Politeness.Hash, changed.Hash);
    }

    [Fact]
    public void Serialize_LabelScale_RoundTripsAsOnTheWire()
    {
        var rubric = Politeness with { Scale = RubricScale.FromLabels(["差", "中", "好"]) };

        var json = JsonSerializer.Serialize(rubric, RubricJsonContext.Default.RubricDefinition);
        var back = JsonSerializer.Deserialize(json, RubricJsonContext.Default.RubricDefinition)!;

        Assert.Contains("\"scale\":{\"labels\":[", json, StringComparison.Ordinal);
        Assert.Equal(rubric.Hash, back.Hash);
        Assert.Equal(["差", "中", "好"], back.Scale.Labels);
    }

    [Theory]
    [InlineData("binary", 0, 0.0)]
    [InlineData("binary", 1, 1.0)]
    [InlineData("1-5", 1, 0.0)]
    [InlineData("1-5", 4, 0.75)]
    [InlineData("1-10", 10, 1.0)]
    [InlineData("1-10", 4, 1 / 3.0)]
    public void Normalise_NamedScales_OntoZeroToOne(string kind, double answer, double expected)
    {
        var scale = RubricScale.Named.Single(s => s.Kind == kind);

        Assert.Equal(expected, scale.Normalise(answer), 9);
    }

    [Fact]
    public void Normalise_Labels_ByPositionWorstFirst()
    {
        var scale = RubricScale.FromLabels(["bad", "fair", "good", "great", "perfect"]);

        Assert.Equal([0.0, 0.25, 0.5, 0.75, 1.0], [.. Enumerable.Range(1, 5).Select(i => scale.Normalise(i))]);
        Assert.False(scale.Contains(6));
        Assert.False(scale.Contains(2.5));
    }
}
