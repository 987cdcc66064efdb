using ScoreJobs.Judge;
using System.Text.Json.Serialization;

namespace ScoreJobs.Metrics;

/// <summary>
/// One metric's outcome on one request. A failed or skipped metric has a null score and says why;
/// a bad model reply is kept in <see cref="RawReply"/> for diagnosis, never thrown.
/// </summary>
public sealed record MetricResult
{
    public double? Score { get; init; }
    public MetricStatus Status { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>
    /// What <see cref="Reason"/> says, as a stable code a client renders in its own language with
    /// <see cref="ReasonParams"/> (offline metrics, e.g. <c>token_f1_overlap</c>); the English reason stays beside it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReasonCode { get; init; }

    /// <summary>The figures and names <see cref="ReasonCode"/> refers to, formatted invariantly.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? ReasonParams { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MetricErrorKind? ErrorKind { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Model { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TokenUsage? Usage { get; init; }
    public long LatencyMs { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RawReply { get; init; }

    /// <summary>The version of the prompt that produced this score (judge metrics only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PromptVersion { get; init; }

    /// <summary>Items of a batched reply that were asked again one by one (judge metrics only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ItemFallback? Fallback { get; init; }

    /// <summary>With <c>"repeats"</c> above 1: the scores of the repetitions that succeeded, in order; the score is their mean.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Repeats { get; init; }

    /// <summary>The sample standard deviation of <see cref="Repeats"/>; null (left out) when fewer than two succeeded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Stdev { get; init; }

    /// <summary>With repeats: true when they straddle the metric's threshold (the run's, else 0.5), some below and some at or above.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Flaky { get; init; }

    /// <summary>With repeats: how many repetitions failed (the score is the mean of the others); left out when none did.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RepeatsFailed { get; init; }

    /// <summary>Claim-based metrics: every claim judged, with its verdict and the contexts that bear on it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ClaimEvidence>? Claims { get; init; }

    /// <summary>factual_correctness: the share of the answer's claims the reference supports.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Precision { get; init; }

    /// <summary>factual_correctness: the share of the reference's claims the answer supports.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Recall { get; init; }

    /// <summary>factual_correctness: the harmonic mean of <see cref="Precision"/> and <see cref="Recall"/> (its score).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? F1 { get; init; }

    /// <summary>A rubric's answer as the judge gave it: the number on its scale, or the label.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public System.Text.Json.JsonElement? Raw { get; init; }

    /// <summary>A rubric's scale, as it is written in the rubric.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Rubrics.RubricScale? Scale { get; init; }

    /// <summary>A rubric's evaluation steps as the judge was given them (written by the judge when the rubric has none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Steps { get; init; }

    /// <summary>How a rubric's score was read: <c>logprob_weighted</c> (G-Eval) or <c>plain</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Scoring { get; init; }

    public static MetricResult Ok(double score, string? reason = null) =>
        new() { Score = Math.Clamp(score, 0, 1), Status = MetricStatus.Ok, Reason = reason };

    public static MetricResult Skipped(string reason) =>
        new() { Status = MetricStatus.Skipped, ErrorKind = MetricErrorKind.MissingInput, Reason = reason };

    public static MetricResult Failed(MetricErrorKind kind, string error, string? rawReply = null) =>
        new() { Status = MetricStatus.Failed, ErrorKind = kind, Error = error, RawReply = rawReply };
}
