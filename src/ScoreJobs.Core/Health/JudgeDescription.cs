namespace ScoreJobs.Health;

/// <summary>What health says of the judge: whether one is configured, its model and endpoint host (never a key).</summary>
public sealed record JudgeDescription(bool Configured, string? Model, string? EmbeddingModel, string? EndpointHost)
{
    public static JudgeDescription None { get; } = new(false, null, null, null);
}
