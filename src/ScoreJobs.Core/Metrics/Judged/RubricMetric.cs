using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Requests;
using ScoreJobs.Rubrics;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// A user's rubric, judged G-Eval's way: evaluation steps (the rubric's, or written once by the judge from the criteria
/// and kept by the definition's hash), then one rating on the rubric's scale with a reason. Where the endpoint returns
/// token log-probabilities the rating is their probability-weighted mean (<c>scoring: logprob_weighted</c>), else the
/// answer as given (<c>plain</c>); either way normalised to [0,1].
/// </summary>
internal sealed class RubricMetric : JudgeMetric
{
    /// <summary>Alternatives asked for at each reply token: enough for every answer of the 1-10 scale.</summary>
    public const int TopLogprobs = 10;

    /// <summary>The steps the judge wrote, by rubric hash, for the life of the process (the judge cache keeps them longer).</summary>
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> GeneratedSteps = new(StringComparer.Ordinal);

    // One writer of a rubric's steps at a time: jobs that start together wait for the first one's steps instead of each
    // asking (two different sets of steps in one run, and in batch mode the one bought line counted by every job).
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> StepsWriters = new(StringComparer.Ordinal);

    internal static readonly JudgePrompt<StepsReply> StepsPrompt = new("rubric_steps", $$"""
        You turn an evaluation criterion into the concrete steps an examiner follows to rate an answer against it.
        Write 3 to 6 short, checkable steps, in order, each one sentence. Do not rate anything yourself.

        Reply format: {"steps": ["...", "..."]}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.StepsReply);

    private readonly RubricDefinition _rubric;
    private readonly bool _keepsSteps;

    // keepsSteps is false for a batch-mode run's collecting metric: steps it reads back from the batch are left for the
    // run's jobs to read from the cache, so that the first job counts the batch call that bought them.
    public RubricMetric(RubricDefinition rubric, JudgeCaller judge, IOptions<JudgeOptions> options, TimeProvider time, ILogger logger, bool keepsSteps = true)
        : base(judge, options, time, logger)
    {
        _rubric = rubric;
        _keepsSteps = keepsSteps;
        Definition = DefinitionOf(rubric);
    }

    /// <summary>What the catalog says of a rubric, whether or not a judge is configured to score it.</summary>
    public static MetricDefinition DefinitionOf(RubricDefinition rubric) =>
        new(rubric.Name, InputsOf(rubric), NeedsJudge: true, rubric.Weight, rubric.Description ?? Clip(rubric.Criteria)) { Kind = MetricDefinition.Rubric };

    public RubricDefinition Rubric => _rubric;

    public override MetricDefinition Definition { get; }

    public override string PromptVersion => _rubric.PromptVersion;

    public static MetricInputs InputsOf(RubricDefinition rubric) => rubric.Needs.Aggregate(MetricInputs.None, (inputs, need) => inputs | need switch
    {
        "question" => MetricInputs.Question,
        "answer" => MetricInputs.Answer,
        "contexts" => MetricInputs.Contexts,
        "ground_truth" => MetricInputs.GroundTruth,
        _ => MetricInputs.None,
    });

    private protected override async Task<MetricResult> ScoreAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken)
    {
        var steps = _rubric.Steps ?? GeneratedSteps.GetValueOrDefault(_rubric.Hash);
        if (steps is null)
        {
            var writer = _keepsSteps ? StepsWriters.GetOrAdd(_rubric.Hash, _ => new SemaphoreSlim(1, 1)) : null;
            if (writer is not null) await writer.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                steps = _keepsSteps ? GeneratedSteps.GetValueOrDefault(_rubric.Hash) : null;
                if (steps is null)
                {
                    var written = await session.AskAsync(StepsPrompt, StepsInput(), cancellationToken, firstRepetition: true).ConfigureAwait(false);
                    if (!written.Succeeded) return JudgeSession.Failed(written.Failure);
                    var usable = written.Value.Steps.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList();
                    if (usable.Count == 0) return JudgeSession.Unusable(written, "no evaluation steps");
                    steps = _keepsSteps ? GeneratedSteps.GetOrAdd(_rubric.Hash, usable) : usable;
                }
            }
            finally
            {
                writer?.Release();
            }
        }

        var reply = await session.AskAsync(RatingPrompt(steps), RatingInput(request), cancellationToken, topLogprobs: TopLogprobs).ConfigureAwait(false);
        if (!reply.Succeeded) return JudgeSession.Failed(reply.Failure) with { Steps = steps };

        var answer = reply.Value.Score;
        var scale = _rubric.Scale;
        if (!scale.Contains(answer))
        {
            return JudgeSession.Unusable(reply, $"score {answer.ToString(CultureInfo.InvariantCulture)} is not on the scale {scale}") with { Steps = steps };
        }

        var weighted = reply.Completion?.Logprobs is { } logprobs ? RubricScoreWeighting.WeightedAnswer(logprobs, scale, answer) : null;
        var described = scale.Describe((int)answer);
        var figures = weighted is { } mean && scale.Labels is null
            ? $"{described} on {scale} (weighted {mean.ToString("0.##", CultureInfo.InvariantCulture)})"
            : $"{described} on {scale}";
        return MetricResult.Ok(scale.Normalise(weighted ?? answer), Summary(figures, reply.Value.Reason)) with
        {
            Raw = scale.Labels is null ? JsonSerializer.SerializeToElement(answer, JudgeReplyJsonContext.Default.Double)
                : JsonSerializer.SerializeToElement(described, JudgeReplyJsonContext.Default.String),
            Scale = scale,
            Steps = steps,
            Scoring = weighted is null ? "plain" : "logprob_weighted",
        };
    }

    // Steps (when the rubric has none: the call writing them, and a guess of their length) and a reason with the score.
    private protected override async Task PlanAsync(ScoreRequest request, JudgePlan plan, CancellationToken cancellationToken)
    {
        var steps = _rubric.Steps ?? GeneratedSteps.GetValueOrDefault(_rubric.Hash);
        if (steps is null)
        {
            var repetition = plan.Repetition;
            plan.Repetition = 1;
            var written = await plan.AskAsync(StepsPrompt, StepsInput(), 4 * JudgePlan.SummaryReplyTokens, cancellationToken).ConfigureAwait(false);
            plan.Repetition = repetition;
            steps = written?.Steps ?? [_rubric.Criteria];
        }

        await plan.AskAsync(RatingPrompt(steps), RatingInput(request), 2 * JudgePlan.SummaryReplyTokens, cancellationToken).ConfigureAwait(false);
    }

    private JudgeInput StepsInput() => new JudgeInput().Add("criteria", _rubric.Criteria);

    private JudgePrompt<RatingReply> RatingPrompt(IReadOnlyList<string> steps) => new("rubric_rating", $$"""
        You are a careful examiner. Rate the answer in the user message against these criteria, following the evaluation steps.

        Criteria:
        {{_rubric.Criteria}}

        Evaluation steps:
        {{string.Join("\n", steps.Select((step, i) => $"{(i + 1).ToString(CultureInfo.InvariantCulture)}. {step}"))}}

        Scale: {{_rubric.Scale.Instructions()}}
        Give the reason (one to three sentences) before the score.

        Reply format: {"reason": "...", "score": {{_rubric.Scale.Max.ToString(CultureInfo.InvariantCulture)}}}

        {{PromptRules.Common}}
        """, JudgeReplyJsonContext.Default.RubricRatingReply);

    private JudgeInput RatingInput(ScoreRequest request)
    {
        var input = new JudgeInput().Add("question", request.Question);
        if (_rubric.Needs.Contains("contexts")) input.AddNumbered("contexts", "context", request.Contexts);
        if (_rubric.Needs.Contains("ground_truth")) input.Add("reference_answer", request.GroundTruth);
        if (_rubric.Needs.Contains("answer")) input.Add("answer", request.Answer);
        return input;
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "…";

    internal sealed record StepsReply(IReadOnlyList<string> Steps);

    internal sealed record RatingReply(string Reason, double Score);
}
