using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// Breaking the answer, or the reference answer, into claims: the call faithfulness, factual_correctness and
/// noise_sensitivity make alike, made once per job (<see cref="SharedJudgeCalls"/>). It is faithfulness's statements
/// prompt under faithfulness's prompt version, so the response cache's entries and a batch's requests are the ones
/// faithfulness always had; the reference is sent in the answer's place, being an answer to the same question.
/// </summary>
internal static class ClaimDecomposition
{
    /// <summary>The version the decomposition is asked under, whichever metric asks.</summary>
    public const string Version = "faithfulness/v1";

    public static Task<JudgeReply<StatementsReply>> AnswerAsync(JudgeSession session, ScoreRequest request, CancellationToken cancellationToken) =>
        session.AskSharedAsync(FaithfulnessMetric.StatementsPrompt, Input(request.Question, request.Answer), Version, cancellationToken);

    public static Task<JudgeReply<StatementsReply>> ReferenceAsync(JudgeSession session, ScoreRequest request, CancellationToken cancellationToken) =>
        session.AskSharedAsync(FaithfulnessMetric.StatementsPrompt, Input(request.Question, request.GroundTruth), Version, cancellationToken);

    /// <summary>Plans the answer's decomposition; the claims are the cached reply's, else the answer's sentences.</summary>
    public static Task<IReadOnlyList<string>> PlanAnswerAsync(JudgePlan plan, ScoreRequest request, CancellationToken cancellationToken) =>
        PlanAsync(plan, request.Question, request.Answer, cancellationToken);

    public static Task<IReadOnlyList<string>> PlanReferenceAsync(JudgePlan plan, ScoreRequest request, CancellationToken cancellationToken) =>
        PlanAsync(plan, request.Question, request.GroundTruth, cancellationToken);

    /// <summary>The non-blank claims of a reply.</summary>
    public static List<string> Claims(StatementsReply reply) => [.. reply.Statements.Where(s => !string.IsNullOrWhiteSpace(s))];

    private static async Task<IReadOnlyList<string>> PlanAsync(JudgePlan plan, string question, string? text, CancellationToken cancellationToken)
    {
        var sentences = JudgePlan.Sentences(text);
        var statements = await plan.AskSharedAsync(FaithfulnessMetric.StatementsPrompt, Input(question, text), Version,
            sentences.Sum(s => plan.Tokens(s) + 4) + 10, cancellationToken).ConfigureAwait(false);
        return statements is null ? sentences : Claims(statements);
    }

    private static JudgeInput Input(string question, string? text) => new JudgeInput().Add("question", question).Add("answer", text);
}
