using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// RAGAS (NVIDIA) response groundedness: two ratings of 0, 1 or 2 of how far the contexts ground the answer, one with the
/// answer as the text under review and the contexts as evidence, one with the roles of the two texts swapped (do the
/// contexts bear the answer out); made at once, averaged and divided by 2. When one rating is unusable the other stands
/// alone, and the reason says so.
/// </summary>
internal sealed class ResponseGroundednessMetric(
    JudgeCaller judge, IOptions<JudgeOptions> options, TimeProvider time, ILogger<ResponseGroundednessMetric> logger)
    : JudgeMetric(judge, options, time, logger)
{
    internal static readonly JudgePrompt<GroundednessReply> RatingPrompt = new("response_groundedness_rating", $$"""
        You review a response against the contexts it was written from. Rate how well the contexts ground the response:
        - 2: every claim of the response is stated or clearly implied by the contexts;
        - 1: some claims are, others are not (partly grounded);
        - 0: the response is not grounded in the contexts, or contradicts them, or the contexts are empty.
        Use no outside knowledge. Give the reason (one or two sentences) before the rating.

        Reply format: {"reason": "...", "rating": 2}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.GroundednessReply);

    internal static readonly JudgePrompt<GroundednessReply> SwappedRatingPrompt = new("response_groundedness_rating_swapped", $$"""
        You are given passages and, after them, an assertion. Decide how far the passages bear the assertion out:
        - 2: the passages back up all of the assertion;
        - 1: the passages back up part of it and are silent on, or at odds with, the rest;
        - 0: the passages do not back it up at all, or contradict it.
        Rely on the passages alone. Give the reason (one or two sentences) before the rating.

        Reply format: {"reason": "...", "rating": 2}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.GroundednessReply);

    public override MetricDefinition Definition => JudgeMetricDefinitions.ResponseGroundedness;

    public override string PromptVersion => "response_groundedness/v1";

    private protected override async Task<MetricResult> ScoreAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken)
    {
        var first = session.AskAsync(RatingPrompt, RatingInput(request), cancellationToken);
        var swapped = session.AskAsync(SwappedRatingPrompt, SwappedInput(request), cancellationToken);
        var replies = new[] { await first.ConfigureAwait(false), await swapped.ConfigureAwait(false) };

        var usable = replies.Where(r => r.Succeeded && r.Value.Rating is 0 or 1 or 2).ToList();
        if (usable.Count == 0)
        {
            var bad = replies[0];
            return bad.Succeeded ? JudgeSession.Unusable(bad, $"rating {bad.Value.Rating} is not 0, 1 or 2") : JudgeSession.Failed(bad.Failure);
        }

        var ratings = usable.Select(r => r.Value!.Rating).ToList();
        var figures = ratings.Count == 2 ? $"{ratings[0]}/2 and {ratings[1]}/2 swapped" : $"{ratings[0]}/2 (the other rating was unusable)";
        return MetricResult.Ok(ratings.Average() / 2, Summary(figures, usable[0].Value!.Reason));
    }

    private protected override async Task PlanAsync(ScoreRequest request, JudgePlan plan, CancellationToken cancellationToken)
    {
        await plan.AskAsync(RatingPrompt, RatingInput(request), JudgePlan.SummaryReplyTokens, cancellationToken).ConfigureAwait(false);
        await plan.AskAsync(SwappedRatingPrompt, SwappedInput(request), JudgePlan.SummaryReplyTokens, cancellationToken).ConfigureAwait(false);
    }

    private static JudgeInput RatingInput(ScoreRequest request) =>
        new JudgeInput().AddNumbered("contexts", "context", request.Contexts).Add("response", request.Answer);

    private static JudgeInput SwappedInput(ScoreRequest request) =>
        new JudgeInput().AddNumbered("passages", "passage", request.Contexts).Add("assertion", request.Answer);

    internal sealed record GroundednessReply(string Reason, int Rating);
}
