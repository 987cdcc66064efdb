using ScoreJobs.Text;

namespace ScoreJobs.Metrics.Offline;

/// <summary>
/// <c>exact_match</c>: 1 when the answer and the ground truth have the same tokens after normalisation
/// (<see cref="TextTokenizer"/>: Unicode width and case folded, punctuation and English articles removed,
/// whitespace ignored), else 0. Both empty after normalisation scores 1, one empty 0.
/// Its default weight is 0.5 so that a strict 0/1 does not dominate the weighted score.
/// </summary>
internal sealed class ExactMatchMetric : AnswerReferenceTokenMetric
{
    public override MetricDefinition Definition { get; } = new(
        MetricNames.ExactMatch, MetricInputs.Answer | MetricInputs.GroundTruth, NeedsJudge: false, DefaultWeight: 0.5,
        "1 when the answer equals the ground truth after normalisation (case, width, punctuation, articles, spacing), else 0.");

    protected override MetricResult Score(IReadOnlyList<string> answerTokens, IReadOnlyList<string> referenceTokens, bool answerCapped, bool referenceCapped)
    {
        return answerTokens.SequenceEqual(referenceTokens, StringComparer.Ordinal)
            ? OfflineReasons.Ok(1, $"the answer equals the reference after normalisation ({answerTokens.Count} tokens)",
                "exact_match_equal", ("tokens", answerTokens.Count))
            : OfflineReasons.Ok(0, $"the answer differs from the reference after normalisation ({answerTokens.Count} vs {referenceTokens.Count} tokens)",
                "exact_match_differ", ("answer_tokens", answerTokens.Count), ("reference_tokens", referenceTokens.Count));
    }
}
