namespace ScoreJobs.Testing.FakeJudge;

/// <summary>A batch the fake judge holds: what was asked (<c>POST /batches</c>) and how far it got.</summary>
public sealed class FakeBatch
{
    public required string Id { get; init; }
    public required string InputFileId { get; init; }
    public required string Endpoint { get; init; }
    public required string CompletionWindow { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public string Status { get; internal set; } = "validating";

    /// <summary>How many times its status was read.</summary>
    public int Polls { get; internal set; }
    public int Total { get; internal set; }
    public int Completed { get; internal set; }
    public int Failed { get; internal set; }
    public string? OutputFileId { get; internal set; }
    public string? ErrorFileId { get; internal set; }
}
