namespace ScoreJobs.Server.OpenApi;

/// <summary>
/// The JSON body of <c>POST /api/score/runs</c> as it travels, for the OpenAPI document only: the handler reads the
/// body by hand (JSON, JSONL or CSV, with RAGAS aliases), so there is no type it deserializes into to describe.
/// </summary>
internal sealed record RunRequestBody
{
    public string? Name { get; init; }
    public required IReadOnlyList<RunSampleBody> Samples { get; init; }
    public IReadOnlyList<string>? Metrics { get; init; }
    public IReadOnlyDictionary<string, double>? Weights { get; init; }
    public IReadOnlyDictionary<string, double>? Thresholds { get; init; }
    public string? JudgeModel { get; init; }
    public string? EmbeddingModel { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public string? CallbackUrl { get; init; }
    /// <summary><c>live</c> (the default) or <c>batch</c> (the provider's batch API: cheaper, within 24 hours).</summary>
    public string? Mode { get; init; }
    public bool Cache { get; init; } = true;

    /// <summary>How many times each judge metric is asked of every sample, 1 to 5 (default 1); the score is the mean.</summary>
    public int? Repeats { get; init; }

    /// <summary>Rubrics for the run, given to every sample; name them in metrics.</summary>
    public IReadOnlyList<Rubrics.RubricDefinition>? Rubrics { get; init; }
}
