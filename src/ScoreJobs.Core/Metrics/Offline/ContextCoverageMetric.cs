using ScoreJobs.Requests;
using ScoreJobs.Text;

namespace ScoreJobs.Metrics.Offline;

/// <summary>
/// <c>context_coverage</c>: a context recall without a model. The share of the ground truth's tokens
/// (<see cref="TextTokenizer"/>, counted with multiplicity) that the contexts contain, a token the reference
/// repeats needing as many occurrences in the contexts: ROUGE-1 recall of the reference against all contexts
/// together. Both empty after normalisation scores 1, one empty 0.
/// </summary>
internal sealed class ContextCoverageMetric : Metric
{
    public override MetricDefinition Definition { get; } = new(
        MetricNames.ContextCoverage, MetricInputs.Contexts | MetricInputs.GroundTruth, NeedsJudge: false, DefaultWeight: 1.0,
        "Share of the ground truth's tokens found in the contexts (a context recall without a model).");

    public override ValueTask<MetricResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<MetricResult>(cancellationToken);
        return ValueTask.FromResult(Score(request.Contexts, request.GroundTruth));
    }

    private static MetricResult Score(IReadOnlyList<string> contexts, string? reference)
    {
        var contextTokens = contexts.SelectMany(TextTokenizer.Tokenize).ToList();
        var referenceTokens = TextTokenizer.Tokenize(reference);
        if (OfflineReasons.Empty(contextTokens.Count, "contexts", referenceTokens.Count, "reference") is { } empty) return empty;

        var found = TokenOverlap.Count(contextTokens, referenceTokens);
        return OfflineReasons.Ok((double)found / referenceTokens.Count,
            $"{found} of {referenceTokens.Count} reference tokens found in the contexts",
            "context_coverage_found", ("found", found), ("reference_tokens", referenceTokens.Count));
    }
}
