using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// RAGAS answer relevancy. With an embedding model: the judge writes three questions the answer would
/// answer, seeing only the answer (one call), and the score is their mean cosine similarity to the real
/// question (one embedding call). Without one: the judge rates on 1-5 how directly the answer addresses
/// the question (one call). Either way a noncommittal answer scores 0.
/// </summary>
internal sealed class AnswerRelevancyMetric(JudgeCaller judge, IOptions<JudgeOptions> options, TimeProvider time, ILogger<AnswerRelevancyMetric> logger)
    : JudgeMetric(judge, options, time, logger)
{
    internal const int QuestionCount = 3;

    internal static readonly JudgePrompt<QuestionsReply> QuestionsPrompt = new("answer_relevancy_questions", $$"""
        You are given an answer, without the question it answered. Write {{QuestionCount}} different questions that this
        answer would be a good, complete answer to, each as a user would ask it.
        Then decide whether the answer is noncommittal: 1 if it is evasive, vague or avoids answering ("I don't know",
        "I cannot say", "it depends" with nothing more), otherwise 0.
        Explain the noncommittal decision in "reason", in one sentence.

        Reply format: {"questions": ["...", "...", "..."], "reason": "...", "noncommittal": 0}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.QuestionsReply);

    internal static readonly JudgePrompt<RatingReply> RatingPrompt = new("answer_relevancy_rating", $$"""
        You judge whether an answer addresses the question it was given. Correctness does not matter here, only relevance.
        - noncommittal: 1 if the answer is evasive, vague or avoids answering ("I don't know", "I cannot say",
          "it depends" with nothing more), otherwise 0.
        - relevance, from 1 to 5: 1 the answer is about something else; 2 it touches the topic but misses the question;
          3 it answers part of the question or wanders off; 4 it answers the question with some irrelevant or missing parts;
          5 it answers exactly what was asked, completely and nothing else.
        Give the reason (one or two sentences) before the rating.

        Reply format: {"noncommittal": 0, "reason": "...", "relevance": 5}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.RatingReply);

    public override MetricDefinition Definition => JudgeMetricDefinitions.AnswerRelevancy;

    public override string PromptVersion => "answer_relevancy/v1";

    private protected override Task<MetricResult> ScoreAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken) =>
        session.EmbeddingModel is null ? ByRatingAsync(request, session, cancellationToken) : ByEmbeddingsAsync(request, session, cancellationToken);

    private static async Task<MetricResult> ByEmbeddingsAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken)
    {
        var reply = await session.AskAsync(QuestionsPrompt, QuestionsInput(request), cancellationToken).ConfigureAwait(false);
        if (!reply.Succeeded) return JudgeSession.Failed(reply.Failure);

        var questions = reply.Value.Questions.Where(q => !string.IsNullOrWhiteSpace(q)).Select(q => q.Trim()).ToList();
        if (questions.Count == 0) return JudgeSession.Unusable(reply, "the judge wrote no questions");
        if (reply.Value.Noncommittal is not (0 or 1)) return JudgeSession.Unusable(reply, $"noncommittal is {reply.Value.Noncommittal}, neither 0 nor 1");

        var embeddings = await session.EmbedAsync([request.Question, .. questions], cancellationToken).ConfigureAwait(false);
        if (!embeddings.Succeeded) return JudgeSession.Failed(embeddings.Failure);

        var question = embeddings.Vectors[0];
        var similarities = new List<double>(questions.Count);
        foreach (var generated in embeddings.Vectors.Skip(1))
        {
            if (Similarity.Cosine(question, generated) is not { } cosine)
            {
                return MetricResult.Failed(MetricErrorKind.ModelError, "the embedding model returned vectors of different lengths or zero vectors");
            }

            similarities.Add(cosine);
        }

        var score = reply.Value.Noncommittal == 1 ? 0 : similarities.Average();
        var figures = reply.Value.Noncommittal == 1 ? "noncommittal" : $"cosine {score:0.00}";
        return MetricResult.Ok(score, Summary(figures, $"{reply.Value.Reason} [{string.Join(" | ", questions)}]"));
    }

    private static async Task<MetricResult> ByRatingAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken)
    {
        var reply = await session.AskAsync(RatingPrompt, RatingInput(request), cancellationToken).ConfigureAwait(false);
        if (!reply.Succeeded) return JudgeSession.Failed(reply.Failure);

        var (noncommittal, reason, relevance) = reply.Value;
        if (noncommittal is not (0 or 1)) return JudgeSession.Unusable(reply, $"noncommittal is {noncommittal}, neither 0 nor 1");
        if (relevance is < 1 or > 5) return JudgeSession.Unusable(reply, $"relevance {relevance} is outside 1-5");

        return noncommittal == 1
            ? MetricResult.Ok(0, Summary("noncommittal", reason))
            : MetricResult.Ok((relevance - 1) / 4.0, Summary($"{relevance}/5", reason));
    }

    // The embedding call's inputs are the question and the questions the judge writes: each estimated at the question's length.
    private protected override async Task PlanAsync(ScoreRequest request, JudgePlan plan, CancellationToken cancellationToken)
    {
        if (plan.EmbeddingModel is null)
        {
            await plan.AskAsync(RatingPrompt, RatingInput(request), 10 + JudgePlan.SummaryReplyTokens, cancellationToken).ConfigureAwait(false);
            return;
        }

        var reply = await plan.AskAsync(QuestionsPrompt, QuestionsInput(request),
            QuestionCount * (plan.Tokens(request.Question) + 4) + JudgePlan.SummaryReplyTokens, cancellationToken).ConfigureAwait(false);
        var questions = reply?.Questions.Where(q => !string.IsNullOrWhiteSpace(q)).Select(q => q.Trim()).ToList();
        plan.Embed([request.Question, .. questions ?? Enumerable.Repeat(request.Question, QuestionCount)]);
    }

    private static JudgeInput QuestionsInput(ScoreRequest request) => new JudgeInput().Add("answer", request.Answer);

    private static JudgeInput RatingInput(ScoreRequest request) => new JudgeInput().Add("question", request.Question).Add("answer", request.Answer);

    internal sealed record QuestionsReply(IReadOnlyList<string> Questions, string? Reason, int Noncommittal);

    internal sealed record RatingReply(int Noncommittal, string? Reason, int Relevance);
}
