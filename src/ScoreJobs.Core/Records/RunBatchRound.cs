using System.Text.Json.Serialization;

namespace ScoreJobs.Records;

/// <summary>
/// One round of a batch-mode run: the batch that carried the judge calls no earlier round could (a metric's second
/// call needs its first call's reply), with its status and request counts as last read.
/// </summary>
public sealed record RunBatchRound
{
    public required int Round { get; init; }
    public required string BatchId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InputFileId { get; init; }

    /// <summary>The batch's status: <c>validating</c>, <c>in_progress</c>, <c>finalizing</c>, <c>completed</c>, <c>failed</c>, <c>expired</c>, <c>cancelling</c>, <c>cancelled</c>.</summary>
    public required string State { get; init; }
    public int Requests { get; init; }
    public int Completed { get; init; }
    public int Failed { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? EndedAt { get; init; }

    [JsonIgnore]
    public bool IsEnded => EndedAt is not null;
}
