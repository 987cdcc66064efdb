using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// RAGAS factual correctness: the answer and the reference answer are each broken into claims (the answer's
/// decomposition shared with the job's other claim metrics), and each side's claims are checked against the other text
/// (one call per side). Precision is the share of the answer's claims the reference supports, recall the share of the
/// reference's claims the answer supports; the score is their F1.
/// </summary>
internal sealed class FactualCorrectnessMetric(JudgeCaller judge, IOptions<JudgeOptions> options, TimeProvider time, ILogger<FactualCorrectnessMetric> logger)
    : JudgeMetric(judge, options, time, logger)
{
    internal static readonly JudgePrompt<ItemVerdictsReply> VerdictsPrompt = new("factual_correctness_verdicts", $$"""
        You check numbered statements against a reference text. For each statement decide whether the reference text
        states it or clearly implies it:
        - verdict 1: the reference text supports it;
        - verdict 0: the reference text contradicts it, or does not say it.
        Use no outside knowledge: a statement that is true but absent from the reference text gets 0.
        Judge every statement once, in order, copying its id; give the reason before the verdict.
        Then summarise in "reason", in one or two sentences, which statements the reference text does not support.

        Reply format: {"verdicts": [{"id": 1, "reason": "...", "verdict": 1}], "reason": "..."}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.ItemVerdictsReply);

    public override MetricDefinition Definition => JudgeMetricDefinitions.FactualCorrectness;

    public override string PromptVersion => "factual_correctness/v1";

    private protected override async Task<MetricResult> ScoreAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken)
    {
        var answerClaims = ClaimDecomposition.AnswerAsync(session, request, cancellationToken);
        var referenceClaims = ClaimDecomposition.ReferenceAsync(session, request, cancellationToken);
        var (answer, reference) = (await answerClaims.ConfigureAwait(false), await referenceClaims.ConfigureAwait(false));
        if (!answer.Succeeded) return JudgeSession.Failed(answer.Failure);
        if (!reference.Succeeded) return JudgeSession.Failed(reference.Failure);

        var (claims, referenceStatements) = (ClaimDecomposition.Claims(answer.Value), ClaimDecomposition.Claims(reference.Value));
        if (claims.Count == 0 || referenceStatements.Count == 0)
        {
            return new MetricResult
            {
                Status = MetricStatus.Skipped,
                Reason = claims.Count == 0 ? "the answer makes no claim to check against the reference" : "the reference answer makes no claim to check the answer against",
            };
        }

        var precisionAsk = Verify(session, claims, request.GroundTruth!, cancellationToken);
        var recallAsk = Verify(session, referenceStatements, request.Answer!, cancellationToken);
        var (supported, covered) = (await precisionAsk.ConfigureAwait(false), await recallAsk.ConfigureAwait(false));
        if (supported.Verdicts is not { } precisionVerdicts) return supported.Failure!;
        if (covered.Verdicts is not { } recallVerdicts) return covered.Failure!;

        var (tp, fn) = (precisionVerdicts.Count(v => v), recallVerdicts.Count(v => !v));
        var precision = (double)tp / claims.Count;
        var recall = (double)recallVerdicts.Count(v => v) / referenceStatements.Count;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return MetricResult.Ok(f1, Summary($"precision {tp}/{claims.Count}, recall {referenceStatements.Count - fn}/{referenceStatements.Count}", supported.Reason)) with
        {
            Precision = precision,
            Recall = recall,
            F1 = f1,
            Claims = [.. claims.Select((c, i) => new ClaimEvidence(c, precisionVerdicts[i] ? 1 : 0, []))],
            Fallback = supported.Fallback ?? covered.Fallback,
        };
    }

    private protected override async Task PlanAsync(ScoreRequest request, JudgePlan plan, CancellationToken cancellationToken)
    {
        var claims = await ClaimDecomposition.PlanAnswerAsync(plan, request, cancellationToken).ConfigureAwait(false);
        var reference = await ClaimDecomposition.PlanReferenceAsync(plan, request, cancellationToken).ConfigureAwait(false);
        if (claims.Count == 0 || reference.Count == 0) return;
        foreach (var (statements, text) in new[] { (claims, request.GroundTruth!), (reference, request.Answer!) })
        {
            await plan.AskAsync(VerdictsPrompt, VerdictsInput(text, statements), statements.Count * JudgePlan.ItemReplyTokens + JudgePlan.SummaryReplyTokens,
                cancellationToken, ItemVerdicts.ItemsProperty, statements.Count).ConfigureAwait(false);
        }
    }

    private static Task<ItemVerdictsOutcome> Verify(JudgeSession session, List<string> statements, string text, CancellationToken cancellationToken) =>
        ItemVerdicts.AskAsync(session, VerdictsPrompt, statements.Count, indices => VerdictsInput(text, [.. indices.Select(i => statements[i])]), cancellationToken);

    private static JudgeInput VerdictsInput(string reference, IReadOnlyList<string> statements) =>
        new JudgeInput().Add("reference_text", reference).AddNumbered("statements", "statement", statements);
}
