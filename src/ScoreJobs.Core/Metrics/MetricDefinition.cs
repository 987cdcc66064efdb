namespace ScoreJobs.Metrics;

/// <summary>What the catalog says of a metric: its wire name, needed inputs, whether it calls the judge, and its default weight.</summary>
public sealed record MetricDefinition(string Name, MetricInputs Needs, bool NeedsJudge, double DefaultWeight, string Description)
{
    public const string BuiltIn = "built_in";
    public const string Rubric = "rubric";

    /// <summary><see cref="BuiltIn"/>, or <see cref="Rubric"/> for a user's rubric.</summary>
    public string Kind { get; init; } = BuiltIn;

    /// <summary>
    /// Whether a request that names no metrics gets this one. The judge metrics added after the first six are asked by
    /// name only: a Dify node that leaves <c>metrics</c> out would otherwise pay for them from one release to the next.
    /// </summary>
    public bool InDefaultSet { get; init; } = true;

    /// <summary>The needed inputs as wire names (question, answer, contexts, ground_truth).</summary>
    public IReadOnlyList<string> NeedsNames { get; } = InputNames(Needs);

    internal static IReadOnlyList<string> InputNames(MetricInputs inputs)
    {
        var names = new List<string>(4);
        if (inputs.HasFlag(MetricInputs.Question)) names.Add("question");
        if (inputs.HasFlag(MetricInputs.Answer)) names.Add("answer");
        if (inputs.HasFlag(MetricInputs.Contexts)) names.Add("contexts");
        if (inputs.HasFlag(MetricInputs.GroundTruth)) names.Add("ground_truth");
        return names;
    }
}
