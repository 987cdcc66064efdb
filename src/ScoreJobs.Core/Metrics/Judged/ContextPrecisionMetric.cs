using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// RAGAS context precision (with a reference): the judge decides for every context, in one call, whether it
/// was useful for reaching the reference answer; the score is the rank-aware average precision, so useful
/// contexts ranked first score higher than the same contexts ranked last.
/// </summary>
internal sealed class ContextPrecisionMetric(JudgeCaller judge, IOptions<JudgeOptions> options, TimeProvider time, ILogger<ContextPrecisionMetric> logger)
    : JudgeMetric(judge, options, time, logger)
{
    internal static readonly JudgePrompt<ItemVerdictsReply> VerdictsPrompt = new("context_precision_verdicts", $$"""
        You judge retrieved contexts against a question and its reference answer. For each numbered context decide
        whether it was useful in arriving at the reference answer:
        - verdict 1: it holds information that helps to give the reference answer;
        - verdict 0: it does not (off topic, or on topic but without what the reference answer needs).
        Judge every context once, in order, copying its id; give the reason before the verdict.
        Then summarise in "reason", in one or two sentences, which contexts were useful.

        Reply format: {"verdicts": [{"id": 1, "reason": "...", "verdict": 1}], "reason": "..."}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.ItemVerdictsReply);

    public override MetricDefinition Definition => JudgeMetricDefinitions.ContextPrecision;

    public override string PromptVersion => "context_precision/v1";

    private protected override async Task<MetricResult> ScoreAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken)
    {
        var contexts = request.Contexts;
        var outcome = await ItemVerdicts.AskAsync(session, VerdictsPrompt, contexts.Count,
            indices => VerdictsInput(request, [.. indices.Select(i => contexts[i])]), cancellationToken).ConfigureAwait(false);
        if (outcome.Verdicts is not { } useful) return outcome.Failure!;

        return MetricResult.Ok(AveragePrecision(useful), Summary($"{useful.Count(u => u)}/{useful.Count}", outcome.Reason)) with
        {
            Fallback = outcome.Fallback,
        };
    }

    private protected override Task PlanAsync(ScoreRequest request, JudgePlan plan, CancellationToken cancellationToken) =>
        plan.AskAsync(VerdictsPrompt, VerdictsInput(request, request.Contexts),
            request.Contexts.Count * JudgePlan.ItemReplyTokens + JudgePlan.SummaryReplyTokens, cancellationToken,
            ItemVerdicts.ItemsProperty, request.Contexts.Count);

    private static JudgeInput VerdictsInput(ScoreRequest request, IReadOnlyList<string> contexts) =>
        new JudgeInput().Add("question", request.Question).Add("reference_answer", request.GroundTruth).AddNumbered("contexts", "context", contexts);

    /// <summary>Mean of precision@k over the ranks k that hold a useful context; 0 when none is useful.</summary>
    internal static double AveragePrecision(IReadOnlyList<bool> useful)
    {
        double sum = 0;
        var hits = 0;
        for (var k = 0; k < useful.Count; k++)
        {
            if (!useful[k]) continue;
            hits++;
            sum += (double)hits / (k + 1);
        }

        return hits == 0 ? 0 : sum / hits;
    }
}
