namespace ScoreJobs.Server.OpenApi;

/// <summary>One sample of a <see cref="RunRequestBody"/>: a score request with an optional id (else its 1-based index).</summary>
internal sealed record RunSampleBody
{
    public string? Id { get; init; }
    public required string Question { get; init; }
    public string? Answer { get; init; }
    public IReadOnlyList<string>? Contexts { get; init; }
    public string? GroundTruth { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
