using ScoreJobs.Text;

namespace ScoreJobs.Metrics.Offline;

/// <summary>
/// <c>token_f1</c>: SQuAD-style F1 of the answer's and the ground truth's bags of tokens
/// (<see cref="TextTokenizer"/>). Shared tokens are counted with multiplicity; precision is their share of
/// the answer's tokens, recall their share of the reference's. Both empty after normalisation scores 1, one empty 0.
/// </summary>
internal sealed class TokenF1Metric : AnswerReferenceTokenMetric
{
    public override MetricDefinition Definition { get; } = new(
        MetricNames.TokenF1, MetricInputs.Answer | MetricInputs.GroundTruth, NeedsJudge: false, DefaultWeight: 1.0,
        "SQuAD-style F1 of the tokens the answer shares with the ground truth.");

    protected override MetricResult Score(IReadOnlyList<string> answerTokens, IReadOnlyList<string> referenceTokens, bool answerCapped, bool referenceCapped)
    {
        var shared = TokenOverlap.Count(answerTokens, referenceTokens);
        var found = $"{shared} of {referenceTokens.Count} reference tokens found in the answer, which has {answerTokens.Count}";
        (string, object)[] counts = [("shared", shared), ("reference_tokens", referenceTokens.Count), ("answer_tokens", answerTokens.Count)];
        if (shared == 0) return OfflineReasons.Ok(0, found, "token_f1_none", counts);

        var precision = (double)shared / answerTokens.Count;
        var recall = (double)shared / referenceTokens.Count;
        var f1 = 2 * precision * recall / (precision + recall);
        return OfflineReasons.Ok(f1, $"{found} (precision {precision:0.###}, recall {recall:0.###})", "token_f1_overlap",
            [.. counts, ("precision", precision), ("recall", recall)]);
    }
}
