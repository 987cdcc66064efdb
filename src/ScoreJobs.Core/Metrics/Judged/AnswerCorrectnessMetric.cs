using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// RAGAS answer correctness: in one call the judge splits answer and reference into statements and classifies
/// them as TP (in both), FP (only in the answer) and FN (only in the reference); the factual score is
/// F1 = TP / (TP + (FP + FN) / 2). With an embedding model it is blended 0.75 / 0.25 with the cosine similarity
/// of answer and reference (one embedding call, made alongside the judge call).
/// </summary>
internal sealed class AnswerCorrectnessMetric(JudgeCaller judge, IOptions<JudgeOptions> options, TimeProvider time, ILogger<AnswerCorrectnessMetric> logger)
    : JudgeMetric(judge, options, time, logger)
{
    internal const double FactualWeight = 0.75;

    internal static readonly JudgePrompt<CorrectnessReply> ClassificationPrompt = new("answer_correctness_classification", $$"""
        You compare an answer with the reference answer to the same question. Break both into atomic statements
        (one claim each, understandable on its own), then put every statement into exactly one list:
        - tp: statements of the answer that the reference answer supports;
        - fp: statements of the answer that the reference answer does not support or contradicts;
        - fn: statements of the reference answer that the answer does not contain.
        Statements that mean the same count as matching, however worded. Give each statement's reason.
        Then summarise in "reason", in one or two sentences, what the answer gets right, wrong and misses.

        Reply format: {"tp": [{"statement": "...", "reason": "..."}], "fp": [], "fn": [], "reason": "..."}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.CorrectnessReply);

    public override MetricDefinition Definition => JudgeMetricDefinitions.AnswerCorrectness;

    public override string PromptVersion => "answer_correctness/v1";

    private protected override async Task<MetricResult> ScoreAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken)
    {
        var embedding = session.EmbeddingModel is null ? null : session.EmbedAsync([request.Answer!, request.GroundTruth!], cancellationToken);
        var reply = await session.AskAsync(ClassificationPrompt, ClassificationInput(request), cancellationToken).ConfigureAwait(false);
        var embeddings = embedding is null ? null : await embedding.ConfigureAwait(false);

        if (!reply.Succeeded) return JudgeSession.Failed(reply.Failure);
        var (tp, fp, fn) = (reply.Value.Tp.Count, reply.Value.Fp.Count, reply.Value.Fn.Count);
        if (tp + fp + fn == 0) return JudgeSession.Unusable(reply, "the judge classified no statement");

        var f1 = tp == 0 ? 0 : tp / (tp + 0.5 * (fp + fn));
        var figures = $"TP {tp}, FP {fp}, FN {fn}";
        if (embeddings is null) return MetricResult.Ok(f1, Summary(figures, reply.Value.Reason));

        if (!embeddings.Succeeded) return JudgeSession.Failed(embeddings.Failure);
        if (Similarity.Cosine(embeddings.Vectors[0], embeddings.Vectors[1]) is not { } similarity)
        {
            return MetricResult.Failed(MetricErrorKind.ModelError, "the embedding model returned vectors of different lengths or zero vectors");
        }

        return MetricResult.Ok(FactualWeight * f1 + (1 - FactualWeight) * similarity,
            Summary($"{figures}, similarity {similarity:0.00}", reply.Value.Reason));
    }

    // The reply restates the statements of both texts, their sentences, each with a reason.
    private protected override async Task PlanAsync(ScoreRequest request, JudgePlan plan, CancellationToken cancellationToken)
    {
        if (plan.EmbeddingModel is not null) plan.Embed([request.Answer!, request.GroundTruth!]);
        var statements = JudgePlan.Sentences(request.Answer).Concat(JudgePlan.Sentences(request.GroundTruth));
        await plan.AskAsync(ClassificationPrompt, ClassificationInput(request),
            statements.Sum(s => plan.Tokens(s) + JudgePlan.ItemReplyTokens) + JudgePlan.SummaryReplyTokens, cancellationToken).ConfigureAwait(false);
    }

    private static JudgeInput ClassificationInput(ScoreRequest request) =>
        new JudgeInput().Add("question", request.Question).Add("answer", request.Answer).Add("reference_answer", request.GroundTruth);

    internal sealed record CorrectnessReply(
        IReadOnlyList<ClassifiedStatement> Tp,
        IReadOnlyList<ClassifiedStatement> Fp,
        IReadOnlyList<ClassifiedStatement> Fn,
        string? Reason = null);

    internal sealed record ClassifiedStatement(string Statement, string? Reason);
}
