using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// RAGAS noise sensitivity (irrelevant contexts): the answer's claims (the decomposition shared with the job's other
/// claim metrics) are judged in one call: which contexts are relevant to the reference answer, whether each claim is
/// correct by the reference, and which contexts it was drawn from. The share is the claims that are wrong and drawn
/// only from irrelevant contexts; it is stored as 1 - share so that higher is better, as for every other metric.
/// </summary>
internal sealed class NoiseSensitivityMetric(JudgeCaller judge, IOptions<JudgeOptions> options, TimeProvider time, ILogger<NoiseSensitivityMetric> logger)
    : JudgeMetric(judge, options, time, logger)
{
    internal static readonly JudgePrompt<NoiseReply> VerdictsPrompt = new("noise_sensitivity_verdicts", $$"""
        You check an answer's numbered claims against a reference answer and the numbered contexts the answer was
        written from.
        1. List in "relevant_contexts" the ids of the contexts that state something the reference answer says.
        2. For each claim, in order, copying its id, give the reason, then:
           - "correct": 1 if the reference answer states or clearly implies the claim, else 0;
           - "contexts": the ids of the contexts that state or clearly imply the claim (empty when none does).
        Use no outside knowledge.
        Then summarise in "reason", in one or two sentences, which wrong claims came from which contexts.

        Reply format: {"relevant_contexts": [1], "claims": [{"id": 1, "reason": "...", "correct": 1, "contexts": [1]}], "reason": "..."}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.NoiseReply);

    public override MetricDefinition Definition => JudgeMetricDefinitions.NoiseSensitivity;

    public override string PromptVersion => "noise_sensitivity/v1";

    private protected override async Task<MetricResult> ScoreAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken)
    {
        var statements = await ClaimDecomposition.AnswerAsync(session, request, cancellationToken).ConfigureAwait(false);
        if (!statements.Succeeded) return JudgeSession.Failed(statements.Failure);

        var claims = ClaimDecomposition.Claims(statements.Value);
        if (claims.Count == 0)
        {
            return new MetricResult { Status = MetricStatus.Skipped, Reason = "the answer makes no claim that could be drawn from a context" };
        }

        var reply = await session.AskAsync(VerdictsPrompt, VerdictsInput(request, claims), cancellationToken, ClaimsProperty, claims.Count).ConfigureAwait(false);
        if (!reply.Succeeded) return JudgeSession.Failed(reply.Failure);
        if (Problem(reply.Value, claims.Count, request.Contexts.Count) is { } problem) return JudgeSession.Unusable(reply, problem);

        var relevant = reply.Value.RelevantContexts.ToHashSet();
        var judged = reply.Value.Claims.OrderBy(c => c.Id).ToList();
        var noisy = judged.Count(c => c.Correct == 0 && c.Contexts.Count > 0 && !c.Contexts.Any(relevant.Contains));
        return MetricResult.Ok(1 - (double)noisy / claims.Count, Summary($"{noisy}/{claims.Count} wrong from irrelevant contexts", reply.Value.Reason)) with
        {
            Claims = [.. judged.Select(c => new ClaimEvidence(claims[c.Id - 1], c.Correct, [.. c.Contexts.Distinct().Order()]))],
        };
    }

    private protected override async Task PlanAsync(ScoreRequest request, JudgePlan plan, CancellationToken cancellationToken)
    {
        var claims = await ClaimDecomposition.PlanAnswerAsync(plan, request, cancellationToken).ConfigureAwait(false);
        if (claims.Count == 0) return;
        await plan.AskAsync(VerdictsPrompt, VerdictsInput(request, claims), claims.Count * (JudgePlan.ItemReplyTokens + 8) + JudgePlan.SummaryReplyTokens,
            cancellationToken, ClaimsProperty, claims.Count).ConfigureAwait(false);
    }

    private const string ClaimsProperty = "claims";

    /// <summary>What makes a reply unusable: a claim missing, repeated or out of range, a verdict not 0/1, a context id out of range.</summary>
    internal static string? Problem(NoiseReply reply, int claimCount, int contextCount)
    {
        var ids = reply.Claims.Select(c => c.Id).ToList();
        if (ids.Count != claimCount || ids.Distinct().Count() != claimCount || ids.Any(id => id < 1 || id > claimCount))
        {
            return $"{claimCount} claims were given but the judge returned ids {string.Join(", ", ids)}";
        }

        if (reply.Claims.FirstOrDefault(c => c.Correct is not (0 or 1)) is { } bad) return $"correct {bad.Correct} of claim {bad.Id} is neither 0 nor 1";
        var outside = reply.RelevantContexts.Concat(reply.Claims.SelectMany(c => c.Contexts)).Where(id => id < 1 || id > contextCount).ToList();
        return outside.Count > 0 ? $"context id {outside[0]} is not among the {contextCount} contexts" : null;
    }

    private static JudgeInput VerdictsInput(ScoreRequest request, IReadOnlyList<string> claims) =>
        new JudgeInput().Add("question", request.Question).Add("reference_answer", request.GroundTruth)
            .AddNumbered("contexts", "context", request.Contexts).AddNumbered("claims", "claim", claims);

    internal sealed record NoiseReply(IReadOnlyList<int> RelevantContexts, IReadOnlyList<NoiseClaim> Claims, string? Reason = null);

    internal sealed record NoiseClaim(int Id, string? Reason, int Correct, IReadOnlyList<int> Contexts);
}
