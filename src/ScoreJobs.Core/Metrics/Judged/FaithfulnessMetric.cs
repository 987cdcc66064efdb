using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// RAGAS faithfulness: the answer's atomic claims (one call), each verified against the contexts
/// (all in one call); the score is supported / total. An answer that makes no claim is skipped, not scored.
/// </summary>
internal sealed class FaithfulnessMetric(JudgeCaller judge, IOptions<JudgeOptions> options, TimeProvider time, ILogger<FaithfulnessMetric> logger)
    : JudgeMetric(judge, options, time, logger)
{
    internal static readonly JudgePrompt<StatementsReply> StatementsPrompt = new("faithfulness_statements", $$"""
        You analyse an answer given to a question. Break the answer into atomic statements:
        - each statement makes exactly one factual claim;
        - each is understandable on its own: replace pronouns and references with what they refer to;
        - keep the answer's meaning; add nothing, judge nothing;
        - leave out greetings, filler and sentences that claim nothing ("I hope this helps").
        If the answer makes no claim at all, return an empty list.

        Reply format: {"statements": ["...", "..."]}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.StatementsReply);

    internal static readonly JudgePrompt<ItemVerdictsReply> VerdictsPrompt = new("faithfulness_verdicts", $$"""
        You check numbered statements against the given contexts. For each statement decide whether it can be
        directly inferred from the contexts alone:
        - verdict 1: the contexts state or clearly imply it;
        - verdict 0: the contexts contradict it, or do not say it.
        Use no outside knowledge: a statement that is true but not supported by the contexts gets 0.
        Judge every statement once, in order, copying its id; give the reason before the verdict.
        Then summarise in "reason", in one or two sentences, which claims the contexts do not support.

        Reply format: {"verdicts": [{"id": 1, "reason": "...", "verdict": 1}], "reason": "..."}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.ItemVerdictsReply);

    public override MetricDefinition Definition => JudgeMetricDefinitions.Faithfulness;

    public override string PromptVersion => "faithfulness/v1";

    private protected override async Task<MetricResult> ScoreAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken)
    {
        var statements = await ClaimDecomposition.AnswerAsync(session, request, cancellationToken).ConfigureAwait(false);
        if (!statements.Succeeded) return JudgeSession.Failed(statements.Failure);

        var claims = ClaimDecomposition.Claims(statements.Value);
        if (claims.Count == 0)
        {
            return new MetricResult { Status = MetricStatus.Skipped, Reason = "the answer makes no claim that the contexts could support or contradict" };
        }

        var outcome = await ItemVerdicts.AskAsync(session, VerdictsPrompt, claims.Count,
            indices => VerdictsInput(request, [.. indices.Select(i => claims[i])]), cancellationToken).ConfigureAwait(false);
        if (outcome.Verdicts is not { } supported) return outcome.Failure!;

        var count = supported.Count(s => s);
        // Which claim failed, kept with the score; the verdict prompt names no context, so none is listed (v1 replies stay valid).
        return MetricResult.Ok((double)count / claims.Count, Summary($"{count}/{claims.Count}", outcome.Reason)) with
        {
            Fallback = outcome.Fallback,
            Claims = [.. claims.Select((claim, i) => new ClaimEvidence(claim, supported[i] ? 1 : 0, []))],
        };
    }

    // The claims come from the first reply: the cached one when the cache holds it, else the answer's sentences stand in.
    private protected override async Task PlanAsync(ScoreRequest request, JudgePlan plan, CancellationToken cancellationToken)
    {
        var claims = await ClaimDecomposition.PlanAnswerAsync(plan, request, cancellationToken).ConfigureAwait(false);
        if (claims.Count == 0) return;
        await plan.AskAsync(VerdictsPrompt, VerdictsInput(request, claims), claims.Count * JudgePlan.ItemReplyTokens + JudgePlan.SummaryReplyTokens,
            cancellationToken, ItemVerdicts.ItemsProperty, claims.Count).ConfigureAwait(false);
    }

    private static JudgeInput VerdictsInput(ScoreRequest request, IReadOnlyList<string> claims) =>
        new JudgeInput().AddNumbered("contexts", "context", request.Contexts).AddNumbered("statements", "statement", claims);
}
