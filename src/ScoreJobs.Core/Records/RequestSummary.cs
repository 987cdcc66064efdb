namespace ScoreJobs.Records;

/// <summary>The short view of a request kept on every record and in list pages.</summary>
public sealed record RequestSummary
{
    public const int TextLength = 80;

    public required string Question { get; init; }
    public string? Answer { get; init; }
    public IReadOnlyList<string> Metrics { get; init; } = [];
    public string? JudgeModel { get; init; }
    public string? EmbeddingModel { get; init; }
    public bool HasContexts { get; init; }
    public bool HasGroundTruth { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

}
