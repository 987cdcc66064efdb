using ScoreJobs.Text;

namespace ScoreJobs.Metrics.Offline;

/// <summary>
/// <c>rouge_l</c>: ROUGE-L F-measure (beta = 1) of the answer against the ground truth, from the longest common
/// subsequence of their tokens (<see cref="TextTokenizer"/>): precision LCS/|answer|, recall LCS/|reference|.
/// Only the first <see cref="MaxTokens"/> tokens of each text are compared, which bounds the quadratic LCS;
/// the reason says when that happened. Both empty after normalisation scores 1, one empty 0.
/// </summary>
internal sealed class RougeLMetric : AnswerReferenceTokenMetric
{
    /// <summary>How many tokens of each text the LCS considers.</summary>
    public const int MaxTokens = 4_000;

    public override MetricDefinition Definition { get; } = new(
        MetricNames.RougeL, MetricInputs.Answer | MetricInputs.GroundTruth, NeedsJudge: false, DefaultWeight: 1.0,
        "ROUGE-L F-measure: the longest common token subsequence of the answer and the ground truth.");

    protected override int TokenLimit => MaxTokens;

    protected override MetricResult Score(IReadOnlyList<string> answerTokens, IReadOnlyList<string> referenceTokens, bool answerCapped, bool referenceCapped)
    {
        var (answerIds, referenceIds) = TokenIds.Encode(answerTokens, referenceTokens);
        var lcs = LongestCommonSubsequence.Length(answerIds, referenceIds);
        var capped = OfflineReasons.Capped(answerCapped, referenceCapped, MaxTokens, "tokens");
        var summary = $"longest common subsequence of {lcs} tokens: precision {lcs}/{answerTokens.Count}, recall {lcs}/{referenceTokens.Count}{capped}";
        var score = 0.0;
        if (lcs > 0)
        {
            var precision = (double)lcs / answerTokens.Count;
            var recall = (double)lcs / referenceTokens.Count;
            score = 2 * precision * recall / (precision + recall);
        }

        return OfflineReasons.Ok(score, summary, "rouge_l_lcs",
            [("lcs", lcs), ("answer_tokens", answerTokens.Count), ("reference_tokens", referenceTokens.Count),
            .. OfflineReasons.CappedParams(answerCapped, referenceCapped, MaxTokens, "tokens")]);
    }
}
