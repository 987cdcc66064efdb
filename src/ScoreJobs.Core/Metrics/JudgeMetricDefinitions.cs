namespace ScoreJobs.Metrics;

/// <summary>
/// The judge metrics' catalog entries. They are listed (as unavailable) even when no judge is
/// configured, so a client learns what configuring one would add.
/// </summary>
internal static class JudgeMetricDefinitions
{
    public static MetricDefinition Faithfulness { get; } = new(
        MetricNames.Faithfulness, MetricInputs.Answer | MetricInputs.Contexts, NeedsJudge: true, DefaultWeight: 1.0,
        "Share of the answer's claims that the contexts support.");

    public static MetricDefinition AnswerRelevancy { get; } = new(
        MetricNames.AnswerRelevancy, MetricInputs.Question | MetricInputs.Answer, NeedsJudge: true, DefaultWeight: 1.0,
        "Does the answer address the question; a noncommittal answer scores 0.");

    public static MetricDefinition ContextPrecision { get; } = new(
        MetricNames.ContextPrecision, MetricInputs.Question | MetricInputs.Contexts | MetricInputs.GroundTruth, NeedsJudge: true, DefaultWeight: 1.0,
        "Rank-aware average precision of the contexts that are useful for the reference answer.");

    public static MetricDefinition ContextRecall { get; } = new(
        MetricNames.ContextRecall, MetricInputs.Contexts | MetricInputs.GroundTruth, NeedsJudge: true, DefaultWeight: 1.0,
        "Share of the reference answer's statements that the contexts support.");

    public static MetricDefinition AnswerCorrectness { get; } = new(
        MetricNames.AnswerCorrectness, MetricInputs.Answer | MetricInputs.GroundTruth, NeedsJudge: true, DefaultWeight: 1.0,
        "F1 of the answer's claims against the reference answer's (TP/FP/FN).");

    public static MetricDefinition OverallQuality { get; } = new(
        MetricNames.OverallQuality, MetricInputs.Question | MetricInputs.Answer, NeedsJudge: true, DefaultWeight: 1.0,
        "A 1-10 human-perspective rating with a reason, normalised as (s-1)/9.");

    public static MetricDefinition FactualCorrectness { get; } = new(
        MetricNames.FactualCorrectness, MetricInputs.Answer | MetricInputs.GroundTruth, NeedsJudge: true, DefaultWeight: 1.0,
        "F1 of the answer's claims checked against the reference answer and the reference's claims checked against the answer.")
    {
        InDefaultSet = false,
    };

    public static MetricDefinition ResponseGroundedness { get; } = new(
        MetricNames.ResponseGroundedness, MetricInputs.Answer | MetricInputs.Contexts, NeedsJudge: true, DefaultWeight: 1.0,
        "How well the contexts ground the answer, rated 0/1/2 twice with the texts' roles swapped, averaged, /2.")
    {
        InDefaultSet = false,
    };

    public static MetricDefinition NoiseSensitivity { get; } = new(
        MetricNames.NoiseSensitivity, MetricInputs.Question | MetricInputs.Answer | MetricInputs.Contexts | MetricInputs.GroundTruth, NeedsJudge: true,
        DefaultWeight: 1.0, "1 minus the share of the answer's claims that are wrong and drawn from contexts irrelevant to the reference answer.")
    {
        InDefaultSet = false,
    };

    public static IReadOnlyList<MetricDefinition> All { get; } =
        [Faithfulness, AnswerRelevancy, ContextPrecision, ContextRecall, AnswerCorrectness, OverallQuality, FactualCorrectness, ResponseGroundedness, NoiseSensitivity];
}
