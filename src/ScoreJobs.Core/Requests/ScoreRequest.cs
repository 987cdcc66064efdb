using System.Text.Json.Serialization;

namespace ScoreJobs.Requests;

/// <summary>
/// A validated score request, normalised: contexts are always a list of non-blank strings,
/// whatever shape the client sent (one string, strings, or Dify retrieval objects).
/// </summary>
public sealed record ScoreRequest
{
    public required string Question { get; init; }
    public string? Answer { get; init; }
    public IReadOnlyList<string> Contexts { get; init; } = [];
    /// <summary>
    /// The document each context came from (a Dify retrieval item's <c>title</c> or <c>metadata.document_name</c>),
    /// parallel to <see cref="Contexts"/>, null where unknown; null altogether when no context has one.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string?>? ContextTitles { get; init; }

    public string? GroundTruth { get; init; }

    /// <summary>Requested metric names, or null for the default set.</summary>
    public IReadOnlyList<string>? Metrics { get; init; }
    public string? JudgeModel { get; init; }
    public string? EmbeddingModel { get; init; }
    public IReadOnlyDictionary<string, double>? Weights { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Where the job's signed summary is POSTed when it ends (jobs only, not the synchronous score).</summary>
    public string? CallbackUrl { get; init; }

    /// <summary>False: judge afresh, neither reading nor writing the judge response cache.</summary>
    public bool Cache { get; init; } = true;

    /// <summary>
    /// How many times each judge metric is asked (1-5; null is 1). Repetitions after the first are sampled at a non-zero
    /// temperature and cached apart; the metric's score is their mean. Offline metrics ignore it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Repeats { get; init; }

    /// <summary>Rubrics defined in the request (or given by its run), selected through <see cref="Metrics"/> like any metric.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Rubrics.RubricDefinition>? Rubrics { get; init; }

    /// <summary>The most <see cref="Repeats"/> a request may ask.</summary>
    public const int MaxRepeats = 5;

    /// <summary>
    /// The thresholds a repeated metric is called flaky against (a run's, given to its samples); a metric without one uses 0.5.
    /// Not read from a request body.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? Thresholds { get; init; }

    /// <summary>What was read otherwise than the client may expect (an alias conflict, an ignored near miss, a list kept as one context).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Warnings { get; init; }

    [JsonIgnore]
    public bool HasAnswer => !string.IsNullOrWhiteSpace(Answer);
    [JsonIgnore]
    public bool HasContexts => Contexts.Count > 0;
    [JsonIgnore]
    public bool HasGroundTruth => !string.IsNullOrWhiteSpace(GroundTruth);
}
