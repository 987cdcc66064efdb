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

        var session = new JudgeSession(judge, Pick(request.JudgeModel, options.Value.Model)!, Pick(request.EmbeddingModel, options.Value.EmbeddingModel),
            PromptVersion, request.Cache);
        var result = await ScoreAsync(request, session, cancellationToken).ConfigureAwait(false);
        if (result.ErrorKind == MetricErrorKind.Parse)
        {
            Log.JudgeReplyUnusable(logger, Name, result.Error);
            Log.JudgeReplyUnusableRaw(logger, Name, result.RawReply);
            await session.ForgetCachedAsync(result.RawReply, cancellationToken).ConfigureAwait(false);
        }

        return result with
        {
            Model = session.ModelsUsed,
            Usage = session.Usage,
            LatencyMs = (long)time.GetElapsedTime(started).TotalMilliseconds,
            PromptVersion = PromptVersion,
            RawReply = result.RawReply is { } raw ? raw.ClipWithEllipsis(MaxRawReplyChars) : null,
        };
    }

    /// <summary>
    /// The calls <see cref="ScoreAsync(ScoreRequest, CancellationToken)"/> would make on <paramref name="request"/>, none
    /// made: none when an input is missing (the metric is skipped). <paramref name="cachedReply"/> gives a call's cached reply, or null.
    /// </summary>
    public async Task<JudgePlan> PlanAsync(
        ScoreRequest request, Func<JudgeChatRequest, CancellationToken, Task<string?>> cachedReply, CancellationToken cancellationToken)
    {
        var plan = new JudgePlan(Pick(request.JudgeModel, options.Value.Model)!, Pick(request.EmbeddingModel, options.Value.EmbeddingModel),
            PromptVersion, request.Cache, cachedReply);
        if (MissingInputs(request).Count == 0) await PlanAsync(request, plan, cancellationToken).ConfigureAwait(false);
        return plan;
    }

    /// <summary>Plans the calls of a request whose inputs are present, as <see cref="ScoreAsync(ScoreRequest, JudgeSession, CancellationToken)"/> makes them.</summary>
    private protected abstract Task PlanAsync(ScoreRequest request, JudgePlan plan, CancellationToken cancellationToken);

    /// <summary>Scores a request whose inputs are present. Returns failures, never throws them.</summary>
    private protected abstract Task<MetricResult> ScoreAsync(ScoreRequest request, JudgeSession session, CancellationToken cancellationToken);

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
