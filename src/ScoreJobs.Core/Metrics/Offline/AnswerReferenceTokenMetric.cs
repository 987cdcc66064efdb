using ScoreJobs.Requests;
using ScoreJobs.Text;

namespace ScoreJobs.Metrics.Offline;

/// <summary>
/// An offline metric that compares the answer's tokens with the ground truth's (<see cref="TextTokenizer"/>).
/// It tokenises both, scores "both empty" as 1 and "one empty" as 0, and leaves the comparison to the subclass.
/// </summary>
internal abstract class AnswerReferenceTokenMetric : Metric
{
    /// <summary>How many tokens of each text are compared; a quadratic comparison bounds its cost here.</summary>
    protected virtual int TokenLimit => int.MaxValue;

    public sealed override ValueTask<MetricResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<MetricResult>(cancellationToken);
        var answerTokens = TextTokenizer.Tokenize(request.Answer, TokenLimit, out var answerCapped);
        var referenceTokens = TextTokenizer.Tokenize(request.GroundTruth, TokenLimit, out var referenceCapped);
        var result = OfflineReasons.Empty(answerTokens.Count, "answer", referenceTokens.Count, "reference")
            ?? Score(answerTokens, referenceTokens, answerCapped, referenceCapped);
        return ValueTask.FromResult(result);
    }

    /// <summary>Scores two non-empty token lists; the flags say whether either was cut at <see cref="TokenLimit"/>.</summary>
    protected abstract MetricResult Score(IReadOnlyList<string> answerTokens, IReadOnlyList<string> referenceTokens, bool answerCapped, bool referenceCapped);
}
