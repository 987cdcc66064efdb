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

    internal static readonly JudgePrompt<ClaimVerdictsReply> VerdictsPrompt = new("faithfulness_verdicts", $$"""
        You check numbered statements against the given numbered contexts. For each statement give:
        - "verdict": 1 if it can be directly inferred from the contexts alone (they state or clearly imply it);
          0 if the contexts contradict it or do not say it;
        - "contexts": the ids of the contexts that bear on it, those that state or imply it and those that contradict
          it (empty when no context says anything about it).
        Use no outside knowledge: a statement that is true but not supported by the contexts gets 0.
        Judge every statement once, in order, copying its id; give the reason before the verdict.
        Then summarise in "reason", in one or two sentences, which claims the contexts do not support.

        Reply format: {"verdicts": [{"id": 1, "reason": "...", "verdict": 1, "contexts": [2]}], "reason": "..."}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.ClaimVerdictsReply);

    public override MetricDefinition Definition => JudgeMetricDefinitions.Faithfulness;

    // v2: each verdict names its contexts. The answer's decomposition is asked under ClaimDecomposition.Version, unchanged.
    public override string PromptVersion => "faithfulness/v2";

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
        if (outcome.Items is not { } verdicts) return outcome.Failure!;

        var dropped = new List<string>();
        var evidence = ClaimVerdicts(claims, verdicts, request.Contexts.Count, dropped);
        var count = evidence.Count(c => c.Verdict == 1);
        return MetricResult.Ok((double)count / claims.Count, Summary(ContextIds.WithDropped($"{count}/{claims.Count}", dropped, request.Contexts.Count), outcome.Reason)) with
        {
            Fallback = outcome.Fallback,
            Claims = evidence,
        };
    }

    /// <summary>Each claim with its verdict and the contexts its verdict names, those out of range dropped into <paramref name="dropped"/>.</summary>
    internal static List<ClaimEvidence> ClaimVerdicts(IReadOnlyList<string> claims, IReadOnlyList<IItemVerdict> verdicts, int contextCount, List<string> dropped) =>
        [.. verdicts.Select((v, i) => new ClaimEvidence(claims[i], v.Verdict, (((ClaimVerdict)v).Contexts ?? ContextIds.None).Within(contextCount, dropped)))];

    // The claims come from the first reply: the cached one when the cache holds it, else the answer's sentences stand in.
    private protected override async Task PlanAsync(ScoreRequest request, JudgePlan plan, CancellationToken cancellationToken)
    {
        var claims = await ClaimDecomposition.PlanAnswerAsync(plan, request, cancellationToken).ConfigureAwait(false);
        if (claims.Count == 0) return;
        await plan.AskAsync(VerdictsPrompt, VerdictsInput(request, claims), claims.Count * (JudgePlan.ItemReplyTokens + ContextIdsReplyTokens) + JudgePlan.SummaryReplyTokens,
            cancellationToken, ItemVerdicts.ItemsProperty, claims.Count).ConfigureAwait(false);
    }

    /// <summary>What a claim's list of context ids adds to its verdict in a reply, for the plan.</summary>
    internal const int ContextIdsReplyTokens = 8;

    private static JudgeInput VerdictsInput(ScoreRequest request, IReadOnlyList<string> claims) =>
        new JudgeInput().AddNumbered("contexts", "context", request.Contexts).AddNumbered("statements", "statement", claims);
}
