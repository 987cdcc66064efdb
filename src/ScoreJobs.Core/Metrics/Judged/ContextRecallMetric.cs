using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Requests;
using ScoreJobs.Text;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// RAGAS context recall: the judge breaks the reference answer into statements and attributes each to the
/// contexts or not, in one call; the score is attributed / total.
/// </summary>
internal sealed class ContextRecallMetric(JudgeCaller judge, IOptions<JudgeOptions> options, TimeProvider time, ILogger<ContextRecallMetric> logger)
    : JudgeMetric(judge, options, time, logger)
{
    internal static readonly JudgePrompt<AttributionReply> AttributionPrompt = new("context_recall_attributions", $$"""
        You check a reference answer against numbered retrieved contexts. Break the reference answer into atomic
        statements (one claim each, understandable on its own), then for each statement give:
        - "attributed": 1 if it can be attributed to the contexts (they state or clearly imply it), 0 if not;
        - "contexts": the ids of the contexts that bear on it, those that state or imply it and those that contradict
          it (empty when no context says anything about it).
        Use no outside knowledge. Give the reason before the decision.
        Then summarise in "reason", in one or two sentences, what the contexts are missing, if anything.

        Reply format: {"statements": [{"statement": "...", "reason": "...", "attributed": 1, "contexts": [2]}], "reason": "..."}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.AttributionReply);

    public override MetricDefinition Definition => JudgeMetricDefinitions.ContextRecall;

    // v2: each statement names its contexts.
    public override string PromptVersion => "context_recall/v2";

    private protected override async Task<MetricResult> ScoreAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken)
    {
        var reply = await session.AskAsync(AttributionPrompt, AttributionInput(request), cancellationToken).ConfigureAwait(false);
        if (!reply.Succeeded) return JudgeSession.Failed(reply.Failure);

        var statements = reply.Value.Statements;
        if (statements.Count == 0) return JudgeSession.Unusable(reply, "the judge found no statement in the reference answer");
        var contextCount = request.Contexts.Count;
        var dropped = new List<string>();
        var evidence = statements.Select(s => new ClaimEvidence(s.Statement, s.Attributed, (s.Contexts ?? ContextIds.None).Within(contextCount, dropped))).ToArray();
        var unsettled = Enumerable.Range(0, statements.Count).Where(i => statements[i].Attributed is not (0 or 1)).ToList();
        if (unsettled.Count == 0)
        {
            var attributed = statements.Count(s => s.Attributed == 1);
            return MetricResult.Ok((double)attributed / statements.Count,
                Summary(ContextIds.WithDropped($"{attributed}/{statements.Count}", dropped, contextCount), reply.Value.Reason)) with
            {
                Claims = evidence,
            };
        }

        // The statements are the judge's own, so there is no count to miss; a statement whose attribution is neither
        // 0 nor 1 is checked again alone against the contexts, with the verdict prompt faithfulness uses for claims,
        // whose verdict and contexts then stand for it.
        var bad = statements[unsettled[0]];
        var problem = $"attributed is {bad.Attributed} for \"{bad.Statement.ClipWithEllipsis(80)}\", neither 0 nor 1";
        var fallback = new ItemFallback(problem, [.. unsettled.Select(i => i + 1)], unsettled.Count);
        var single = await ItemVerdicts.AskEachAsync(session, FaithfulnessMetric.VerdictsPrompt, unsettled,
            i => new JudgeInput().AddNumbered("contexts", "context", request.Contexts).AddNumbered("statements", "statement", [statements[i].Statement]),
            cancellationToken).ConfigureAwait(false);
        foreach (var (index, item, failure) in single)
        {
            if (failure is not null)
            {
                return failure with { Error = $"{problem}; asked again alone, it failed too: {failure.Error}", Fallback = fallback };
            }

            evidence[index] = FaithfulnessMetric.ClaimVerdicts([statements[index].Statement], [item!], contextCount, dropped)[0];
        }

        var count = evidence.Count(c => c.Verdict == 1);
        return MetricResult.Ok((double)count / statements.Count,
            Summary(ContextIds.WithDropped($"{count}/{statements.Count}", dropped, contextCount), reply.Value.Reason)) with
        {
            Fallback = fallback,
            Claims = evidence,
        };
    }

    // The reply restates each statement of the reference answer: its sentences, each with a reason and a decision.
    private protected override Task PlanAsync(ScoreRequest request, JudgePlan plan, CancellationToken cancellationToken) =>
        plan.AskAsync(AttributionPrompt, AttributionInput(request),
            JudgePlan.Sentences(request.GroundTruth).Sum(s => plan.Tokens(s) + JudgePlan.ItemReplyTokens + FaithfulnessMetric.ContextIdsReplyTokens) + JudgePlan.SummaryReplyTokens, cancellationToken);

    private static JudgeInput AttributionInput(ScoreRequest request) =>
        new JudgeInput().Add("question", request.Question).AddNumbered("contexts", "context", request.Contexts).Add("reference_answer", request.GroundTruth);

    internal sealed record AttributionReply(IReadOnlyList<Attribution> Statements, string? Reason = null);

    /// <summary>A statement of the reference and its attribution; a reply that leaves <see cref="Contexts"/> out, or sends null, names none.</summary>
    internal sealed record Attribution(string Statement, string? Reason, int Attributed, ContextIds? Contexts = null);
}
