using ScoreJobs.Fakes;
using ScoreJobs.Requests;

namespace ScoreJobs.Metrics;

public sealed class MetricCatalogTests
{
    private static MetricCatalog CreateSut(params Metric[] extra) => new([
        new FixedMetric("offline_a", MetricInputs.Answer | MetricInputs.GroundTruth),
        new FixedMetric("offline_b", MetricInputs.Contexts | MetricInputs.GroundTruth, weight: 2),
        .. extra,
    ]);

    private static ScoreRequest Request(string? answer = "a", string? groundTruth = "g", IReadOnlyList<string>? metrics = null, IReadOnlyList<string>? contexts = null, Dictionary<string, double>? weights = null) =>
        new() { Question = "q", Answer = answer, GroundTruth = groundTruth, Metrics = metrics, Contexts = contexts ?? [], Weights = weights };

    [Fact]
    public void Definitions_NoJudge_ListsJudgeMetricsUnavailable()
    {
        var catalog = CreateSut();

        Assert.Contains(catalog.Definitions, d => d.Name == MetricNames.Faithfulness);
        Assert.False(catalog.IsAvailable(MetricNames.Faithfulness));
        Assert.True(catalog.IsAvailable("offline_a"));
    }

    [Fact]
    public void Select_MetricsOmitted_RunsAvailableWithInputsAndSkipsTheRest()
    {
        var errors = new RequestErrors();

        var selection = CreateSut().Select(Request(), errors)!;

        Assert.True(errors.IsEmpty);
        Assert.Equal(["offline_a"], selection.Effective.Select(m => m.Name));
        Assert.Equal("needs contexts", selection.Skipped["offline_b"]);
    }

    [Fact]
    public void Select_UnknownMetric_ListsValidOnes()
    {
        var errors = new RequestErrors();

        var selection = CreateSut().Select(Request(metrics: ["nope"]), errors);

        Assert.Null(selection);
        var message = Assert.Single(errors.ToDictionary()["metrics"]);
        Assert.Contains("unknown metric 'nope'", message);
        Assert.Contains("offline_a", message);
    }

    [Fact]
    public void Select_JudgeMetricWithoutJudge_SaysSo()
    {
        var errors = new RequestErrors();

        CreateSut().Select(Request(metrics: [MetricNames.Faithfulness]), errors);

        Assert.Contains("needs an LLM judge", Assert.Single(errors.ToDictionary()["metrics"]));
    }

    [Fact]
    public void Select_NothingScorable_IsAnError()
    {
        var errors = new RequestErrors();

        var selection = CreateSut().Select(Request(groundTruth: null), errors);

        Assert.Null(selection);
        Assert.Contains("offline_a needs ground_truth", Assert.Single(errors.ToDictionary()["metrics"]));
    }

    [Fact]
    public void Select_RequestWeights_OverrideDefaults()
    {
        var errors = new RequestErrors();

        var selection = CreateSut().Select(Request(contexts: ["c"], weights: new() { ["offline_a"] = 3 }), errors)!;

        Assert.Equal(3, selection.Weights["offline_a"]);
        Assert.Equal(2, selection.Weights["offline_b"]);
    }

    [Theory]
    [InlineData("offline_a", -1, "non-negative")]
    [InlineData("nope", 1, "unknown metric 'nope'")]
    public void Select_BadWeight_IsAnError(string metric, double weight, string message)
    {
        var errors = new RequestErrors();

        CreateSut().Select(Request(weights: new() { [metric] = weight }), errors);

        Assert.Contains(message, Assert.Single(errors.ToDictionary()["weights"]));
    }

    [Fact]
    public void Select_EmptyMetricList_IsAnError()
    {
        var errors = new RequestErrors();

        Assert.Null(CreateSut().Select(Request(metrics: []), errors));
        Assert.False(errors.IsEmpty);
    }

    [Fact]
    public void Select_ThousandsOfUnknownMetrics_ErrorNamesAFewAndCountsTheRest()
    {
        var errors = new RequestErrors();
        var names = Enumerable.Range(0, 10_000).Select(i => $"unknown_{i}").ToList();

        CreateSut().Select(Request(metrics: names), errors);

        var message = Assert.Single(errors.ToDictionary()["metrics"]);
        Assert.Contains("'unknown_0'", message);
        Assert.Contains("and 9995 more", message);
        Assert.True(message.Length < 1000, $"{message.Length} characters");
    }
}
