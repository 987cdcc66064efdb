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
        You check a reference answer against retrieved contexts. Break the reference answer into atomic statements
        (one claim each, understandable on its own), then decide for each statement whether it can be attributed
        to the contexts:
        - attributed 1: the contexts state or clearly imply it;
        - attributed 0: they do not.
        Use no outside knowledge. Give the reason before the decision.
        Then summarise in "reason", in one or two sentences, what the contexts are missing, if anything.

        Reply format: {"statements": [{"statement": "...", "reason": "...", "attributed": 1}], "reason": "..."}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.AttributionReply);

    public override MetricDefinition Definition => JudgeMetricDefinitions.ContextRecall;

    public override string PromptVersion => "context_recall/v1";

    private protected override async Task<MetricResult> ScoreAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken)
    {
        var reply = await session.AskAsync(AttributionPrompt, AttributionInput(request), cancellationToken).ConfigureAwait(false);
        if (!reply.Succeeded) return JudgeSession.Failed(reply.Failure);

        var statements = reply.Value.Statements;
        if (statements.Count == 0) return JudgeSession.Unusable(reply, "the judge found no statement in the reference answer");
        var unsettled = Enumerable.Range(0, statements.Count).Where(i => statements[i].Attributed is not (0 or 1)).ToList();
        if (unsettled.Count == 0)
        {
            var attributed = statements.Count(s => s.Attributed == 1);
            return MetricResult.Ok((double)attributed / statements.Count, Summary($"{attributed}/{statements.Count}", reply.Value.Reason)) with
            {
                Claims = Evidence(statements, [.. statements.Select(s => s.Attributed == 1)]),
            };
        }

        // The statements are the judge's own, so there is no count to miss; a statement whose attribution is neither
        // 0 nor 1 is checked again alone against the contexts, with the verdict prompt faithfulness uses for claims.
        var bad = statements[unsettled[0]];
        var problem = $"attributed is {bad.Attributed} for \"{bad.Statement.ClipWithEllipsis(80)}\", neither 0 nor 1";
        var fallback = new ItemFallback(problem, [.. unsettled.Select(i => i + 1)], unsettled.Count);
        var verdicts = statements.Select(s => s.Attributed == 1).ToArray();
        var single = await ItemVerdicts.AskEachAsync(session, FaithfulnessMetric.VerdictsPrompt, unsettled,
            i => new JudgeInput().AddNumbered("contexts", "context", request.Contexts).AddNumbered("statements", "statement", [statements[i].Statement]),
            cancellationToken).ConfigureAwait(false);
        foreach (var (index, verdict, failure) in single)
        {
            if (failure is not null)
            {
                return failure with { Error = $"{problem}; asked again alone, it failed too: {failure.Error}", Fallback = fallback };
            }

            verdicts[index] = verdict;
        }

        var count = verdicts.Count(v => v);
        return MetricResult.Ok((double)count / statements.Count, Summary($"{count}/{statements.Count}", reply.Value.Reason)) with
        {
            Fallback = fallback,
            Claims = Evidence(statements, verdicts),
        };
    }

    // The reference's statements, each attributed to the contexts or not (the reply names no context, so none is listed).
    private static List<ClaimEvidence> Evidence(IReadOnlyList<Attribution> statements, bool[] attributed) =>
        [.. statements.Select((s, i) => new ClaimEvidence(s.Statement, attributed[i] ? 1 : 0, []))];

    // The reply restates each statement of the reference answer: its sentences, each with a reason and a decision.
    private protected override Task PlanAsync(ScoreRequest request, JudgePlan plan, CancellationToken cancellationToken) =>
        plan.AskAsync(AttributionPrompt, AttributionInput(request),
            JudgePlan.Sentences(request.GroundTruth).Sum(s => plan.Tokens(s) + JudgePlan.ItemReplyTokens) + JudgePlan.SummaryReplyTokens, cancellationToken);

    private static JudgeInput AttributionInput(ScoreRequest request) =>
        new JudgeInput().Add("question", request.Question).AddNumbered("contexts", "context", request.Contexts).Add("reference_answer", request.GroundTruth);

    internal sealed record AttributionReply(IReadOnlyList<Attribution> Statements, string? Reason = null);

    internal sealed record Attribution(string Statement, string? Reason, int Attributed);
}
