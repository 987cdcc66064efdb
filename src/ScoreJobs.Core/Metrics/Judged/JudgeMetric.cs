using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Requests;
using ScoreJobs.Text;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// A metric scored by the LLM judge. Fills what every judge metric reports (model, calls and tokens,
/// latency, prompt version, a clipped raw reply on failure); subclasses hold the prompt and the algorithm.
/// </summary>
internal abstract class JudgeMetric(JudgeCaller judge, IOptions<JudgeOptions> options, TimeProvider time, ILogger logger) : Metric
{
    /// <summary>The most of a bad reply a record keeps.</summary>
    public const int MaxRawReplyChars = 4096;

    /// <summary>The version of this metric's prompts, stored on every result (e.g. <c>faithfulness/v1</c>).</summary>
    public abstract string PromptVersion { get; }

    public sealed override async ValueTask<MetricResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var missing = MissingInputs(request);
        if (missing.Count > 0)
        {
            return MetricResult.Skipped("needs " + string.Join(" and ", missing)) with { PromptVersion = PromptVersion };
        }

        var repeats = RepeatsOf(request);
        var sessions = Enumerable.Range(1, repeats).Select(repetition => new JudgeSession(judge, Pick(request.JudgeModel, options.Value.Model)!,
            Pick(request.EmbeddingModel, options.Value.EmbeddingModel), PromptVersion, request.Cache, repetition, SharedJudgeCalls.For(request))).ToArray();
        var results = await Task.WhenAll(sessions.Select(session => ScoreOnceAsync(request, session, cancellationToken))).ConfigureAwait(false);

        var result = repeats == 1 ? results[0] : Combine(results, request.Thresholds?.GetValueOrDefault(Name) ?? DefaultFlakyThreshold);
        var used = Array.FindIndex(results, r => r.Status == MetricStatus.Ok) is var ok and >= 0 ? sessions[ok] : sessions[0];
        return result with
        {
            Model = used.ModelsUsed,
            Usage = sessions.Aggregate(TokenUsage.Zero, (sum, session) => sum + session.Usage),
            LatencyMs = (long)time.GetElapsedTime(started).TotalMilliseconds,
            PromptVersion = PromptVersion,
            RawReply = result.RawReply is { } raw ? raw.ClipWithEllipsis(MaxRawReplyChars) : null,
        };
    }

    /// <summary>The threshold repeats are called flaky against when the run gives the metric none.</summary>
    public const double DefaultFlakyThreshold = 0.5;

    private async Task<MetricResult> ScoreOnceAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken)
    {
        var result = await ScoreAsync(request, session, cancellationToken).ConfigureAwait(false);
        if (result.ErrorKind == MetricErrorKind.Parse)
        {
            Log.JudgeReplyUnusable(logger, Name, result.Error);
            Log.JudgeReplyUnusableRaw(logger, Name, result.RawReply);
            await session.ForgetCachedAsync(result.RawReply, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// The repetitions as one result: the mean of those that succeeded, with their scores, spread and whether they straddle
    /// <paramref name="threshold"/>, and the reason of the first; the first failure when none succeeded.
    /// </summary>
    internal static MetricResult Combine(IReadOnlyList<MetricResult> repetitions, double threshold)
    {
        var succeeded = repetitions.Where(r => r is { Status: MetricStatus.Ok, Score: not null }).ToList();
        if (succeeded.Count == 0) return repetitions[0];

        var scores = succeeded.Select(r => r.Score!.Value).ToList();
        var mean = scores.Average();
        double? stdev = scores.Count < 2 ? null : Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / (scores.Count - 1));
        var failed = repetitions.Count - succeeded.Count;
        return succeeded[0] with
        {
            Score = mean,
            Repeats = scores,
            Stdev = stdev,
            Flaky = scores.Any(s => s >= threshold) && scores.Any(s => s < threshold),
            RepeatsFailed = failed > 0 ? failed : null,
        };
    }

    /// <summary>
    /// The calls <see cref="ScoreAsync(ScoreRequest, CancellationToken)"/> would make on <paramref name="request"/>, none
    /// made: none when an input is missing (the metric is skipped). <paramref name="cachedReply"/> gives a call's cached reply, or null.
    /// </summary>
    /// <paramref name="shared"/> is the sample's calls other metrics make alike: a call already planned there is not counted again.
    public async Task<JudgePlan> PlanAsync(
        ScoreRequest request, Func<JudgeChatRequest, CancellationToken, Task<string?>> cachedReply, CancellationToken cancellationToken,
        SharedJudgeCalls? shared = null)
    {
        var plan = new JudgePlan(Pick(request.JudgeModel, options.Value.Model)!, Pick(request.EmbeddingModel, options.Value.EmbeddingModel),
            PromptVersion, request.Cache, cachedReply, shared);
        if (MissingInputs(request).Count > 0) return plan;
        // Each repetition is asked as scoring asks it: the same calls, the later ones under their own cache keys.
        for (plan.Repetition = 1; plan.Repetition <= RepeatsOf(request); plan.Repetition++)
        {
            await PlanAsync(request, plan, cancellationToken).ConfigureAwait(false);
        }

        return plan;
    }

    /// <summary>Plans the calls of a request whose inputs are present, as <see cref="ScoreAsync(ScoreRequest, JudgeSession, CancellationToken)"/> makes them.</summary>
    private protected abstract Task PlanAsync(ScoreRequest request, JudgePlan plan, CancellationToken cancellationToken);

    /// <summary>Scores a request whose inputs are present. Returns failures, never throws them.</summary>
    private protected abstract Task<MetricResult> ScoreAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken);

    /// <summary>How many times the request asks each judge metric: 1 to <see cref="ScoreRequestReader.MaxRepeats"/>, 1 when unset.</summary>
    private static int RepeatsOf(ScoreRequest request) => Math.Clamp(request.Repeats ?? 1, 1, ScoreRequestReader.MaxRepeats);

    /// <summary>A reason that leads with the figures (language-neutral) and follows with the judge's words.</summary>
    private protected static string Summary(string figures, string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? figures : $"{figures}: {reason.Trim()}";

    private IReadOnlyList<string> MissingInputs(ScoreRequest request)
    {
        var present = MetricInputs.Question;
        if (request.HasAnswer) present |= MetricInputs.Answer;
        if (request.HasContexts) present |= MetricInputs.Contexts;
        if (request.HasGroundTruth) present |= MetricInputs.GroundTruth;
        return MetricDefinition.InputNames(Definition.Needs & ~present);
    }

    private static string? Pick(string? requested, string? configured) =>
        string.IsNullOrWhiteSpace(requested) ? configured : requested.Trim();
}
