using ScoreJobs.Text;

namespace ScoreJobs.Metrics.Offline;

/// <summary>
/// <c>bleu</c>: sentence BLEU-4 of the answer (candidate) against the ground truth (single reference), over
/// <see cref="TextTokenizer"/> tokens: the geometric mean of the clipped n-gram precisions for n = 1..4 with
/// uniform weights, times the brevity penalty exp(1 - r/c) when the answer is shorter than the reference.
/// </summary>
/// <remarks>
/// Smoothing: Lin and Och (2004) add-one for n &gt; 1, precision (matches + 1) / (n-grams + 1), so one missing
/// 4-gram in a short answer does not zero the score; unigram precision is not smoothed, so an answer with no
/// reference token scores 0. When either text has fewer than 4 tokens, the orders available are used
/// (BLEU-N with N = the shorter length, weights 1/N). Identical texts score 1; both empty after normalisation 1,
/// one empty 0.
/// </remarks>
internal sealed class BleuMetric : AnswerReferenceTokenMetric
{
    private const int MaxOrder = 4;

    public override MetricDefinition Definition { get; } = new(
        MetricNames.Bleu, MetricInputs.Answer | MetricInputs.GroundTruth, NeedsJudge: false, DefaultWeight: 1.0,
        "Sentence BLEU-4 of the answer against the ground truth (add-one smoothing for n > 1, brevity penalty).");

    protected override MetricResult Score(IReadOnlyList<string> answerTokens, IReadOnlyList<string> referenceTokens, bool answerCapped, bool referenceCapped)
    {
        var (candidate, references) = TokenIds.Encode(answerTokens, referenceTokens);
        var order = Math.Min(MaxOrder, Math.Min(candidate.Length, references.Length));
        var precisions = new string[order];
        var logSum = 0.0;
        for (var n = 1; n <= order; n++)
        {
            var matches = ClippedMatches(candidate, references, n);
            var total = candidate.Length - n + 1;
            precisions[n - 1] = $"{matches}/{total}";
            if (n == 1 && matches == 0)
            {
                return OfflineReasons.Ok(0, $"no answer token appears in the reference ({candidate.Length} answer, {references.Length} reference tokens)",
                    "bleu_no_overlap", ("answer_tokens", candidate.Length), ("reference_tokens", references.Length));
            }

            logSum += Math.Log(n == 1 ? (double)matches / total : (matches + 1.0) / (total + 1.0));
        }

        var brevityPenalty = candidate.Length >= references.Length ? 1.0 : Math.Exp(1 - ((double)references.Length / candidate.Length));
        var score = brevityPenalty * Math.Exp(logSum / order);
        return OfflineReasons.Ok(score,
            $"BLEU-{order}: n-gram matches {string.Join(", ", precisions)} (add-one smoothed for n > 1), " +
            $"brevity penalty {brevityPenalty:0.###} ({candidate.Length} answer vs {references.Length} reference tokens)",
            "bleu_ngrams", ("order", order), ("matches", string.Join(", ", precisions)), ("brevity_penalty", brevityPenalty),
            ("answer_tokens", candidate.Length), ("reference_tokens", references.Length));
    }

    // Matches of the candidate's n-grams in the reference, each reference n-gram used at most as often as it occurs.
    private static int ClippedMatches(int[] candidate, int[] reference, int n)
    {
        var available = new Dictionary<(int, int, int, int), int>();
        for (var i = 0; i + n <= reference.Length; i++)
        {
            var key = NGram(reference, i, n);
            available[key] = available.GetValueOrDefault(key) + 1;
        }

        var matches = 0;
        for (var i = 0; i + n <= candidate.Length; i++)
        {
            var key = NGram(candidate, i, n);
            if (available.TryGetValue(key, out var left) && left > 0)
            {
                available[key] = left - 1;
                matches++;
            }
        }

        return matches;
    }

    private static (int, int, int, int) NGram(int[] tokens, int start, int n) =>
        (tokens[start], n > 1 ? tokens[start + 1] : -1, n > 2 ? tokens[start + 2] : -1, n > 3 ? tokens[start + 3] : -1);
}
