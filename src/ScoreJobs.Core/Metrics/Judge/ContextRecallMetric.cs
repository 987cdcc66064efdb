using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Requests;
using ScoreJobs.Text;

namespace ScoreJobs.Metrics.Judge;

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

    private protected override async Task<MetricResult> ScoreAsync(ScoreRequest request, JudgeRun run, CancellationToken cancellationToken)
    {
        var reply = await run.AskAsync(AttributionPrompt,
            new JudgeInput().Add("question", request.Question).AddNumbered("contexts", "context", request.Contexts)
                .Add("reference_answer", request.GroundTruth),
            cancellationToken).ConfigureAwait(false);
        if (!reply.Succeeded) return JudgeRun.Failed(reply.Failure);

        var statements = reply.Value.Statements;
        if (statements.Count == 0) return JudgeRun.Unusable(reply, "the judge found no statement in the reference answer");
        if (statements.FirstOrDefault(s => s.Attributed is not (0 or 1)) is { } bad)
        {
            return JudgeRun.Unusable(reply, $"attributed is {bad.Attributed} for \"{bad.Statement.ClipWithEllipsis(80)}\", neither 0 nor 1");
        }

        var attributed = statements.Count(s => s.Attributed == 1);
        return MetricResult.Ok((double)attributed / statements.Count, Summary($"{attributed}/{statements.Count}", reply.Value.Reason));
    }

    internal sealed record AttributionReply(IReadOnlyList<Attribution> Statements, string? Reason = null);

    internal sealed record Attribution(string Statement, string? Reason, int Attributed);
}
