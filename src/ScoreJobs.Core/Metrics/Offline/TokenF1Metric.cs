using ScoreJobs.Requests;
using ScoreJobs.Text;

namespace ScoreJobs.Metrics.Offline;

/// <summary>
/// <c>token_f1</c>: SQuAD-style F1 of the answer's and the ground truth's bags of tokens
/// (<see cref="TextTokenizer"/>). Shared tokens are counted with multiplicity; precision is their share of
/// the answer's tokens, recall their share of the reference's. Both empty after normalisation scores 1, one empty 0.
/// </summary>
public sealed class TokenF1Metric : Metric
{
    public override MetricDefinition Definition { get; } = new(
        MetricNames.TokenF1, MetricInputs.Answer | MetricInputs.GroundTruth, NeedsJudge: false, DefaultWeight: 1.0,
        "SQuAD-style F1 of the tokens the answer shares with the ground truth.");

    public override ValueTask<MetricResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<MetricResult>(cancellationToken);
        return ValueTask.FromResult(Score(request.Answer, request.GroundTruth));
    }

    private static MetricResult Score(string? answer, string? reference)
    {
        var answerTokens = TextTokenizer.Tokenize(answer);
        var referenceTokens = TextTokenizer.Tokenize(reference);
        if (OfflineReasons.Empty(answerTokens.Count, "answer", referenceTokens.Count, "reference") is { } empty) return empty;

        var shared = TokenOverlap.Count(answerTokens, referenceTokens);
        var found = $"{shared} of {referenceTokens.Count} reference tokens found in the answer, which has {answerTokens.Count}";
        if (shared == 0) return MetricResult.Ok(0, found);

        var precision = (double)shared / answerTokens.Count;
        var recall = (double)shared / referenceTokens.Count;
        var f1 = 2 * precision * recall / (precision + recall);
        return MetricResult.Ok(f1, $"{found} (precision {precision:0.###}, recall {recall:0.###})");
    }
}
