using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// A 1-10 rating of the answer from the asker's point of view, with the reason, in one call; normalised as
/// (rating - 1) / 9. The reference answer and the contexts are shown to the judge when the request has them.
/// </summary>
internal sealed class OverallQualityMetric(JudgeCaller judge, IOptions<JudgeOptions> options, TimeProvider time, ILogger<OverallQualityMetric> logger)
    : JudgeMetric(judge, options, time, logger)
{
    internal static readonly JudgePrompt<QualityReply> RatingPrompt = new("overall_quality_rating", $$"""
        You are a demanding but fair expert reviewing an answer from the point of view of the person who asked the
        question. Weigh: is it correct (against the reference answer and the contexts, when given), does it answer
        the whole question, is it helpful, clear and concise, and does it make nothing up.
        Rate it from 1 to 10:
        1-2 wrong, harmful or unrelated; 3-4 mostly unhelpful or with serious errors; 5-6 partly useful, with gaps
        or minor errors; 7-8 good: correct and useful, with small flaws; 9-10 excellent: complete, precise, nothing to add.
        Give the reason (two to four sentences a user would find useful) before the rating.

        Reply format: {"reason": "...", "rating": 7}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.QualityReply);

    public override MetricDefinition Definition => JudgeMetricDefinitions.OverallQuality;

    public override string PromptVersion => "overall_quality/v1";

    private protected override async Task<MetricResult> ScoreAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken)
    {
        var reply = await session.AskAsync(RatingPrompt, RatingInput(request), cancellationToken).ConfigureAwait(false);
        if (!reply.Succeeded) return JudgeSession.Failed(reply.Failure);

        var rating = reply.Value.Rating;
        if (!double.IsFinite(rating) || rating is < 1 or > 10) return JudgeSession.Unusable(reply, $"rating {rating} is outside 1-10");

        return MetricResult.Ok((rating - 1) / 9, Summary($"{rating:0.#}/10", reply.Value.Reason));
    }

    // A reason of two to four sentences and the rating.
    private protected override Task PlanAsync(ScoreRequest request, JudgePlan plan, CancellationToken cancellationToken) =>
        plan.AskAsync(RatingPrompt, RatingInput(request), 2 * JudgePlan.SummaryReplyTokens, cancellationToken);

    private static JudgeInput RatingInput(ScoreRequest request) =>
        new JudgeInput().Add("question", request.Question).AddNumbered("contexts", "context", request.Contexts)
            .Add("reference_answer", request.GroundTruth).Add("answer", request.Answer);

    internal sealed record QualityReply(string Reason, double Rating);
}
