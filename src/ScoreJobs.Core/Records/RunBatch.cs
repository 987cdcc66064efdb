using System.Text.Json.Serialization;

namespace ScoreJobs.Records;

/// <summary>
/// The batch phase of a batch-mode run, kept in its manifest: the batches submitted so far, one a round, and where the
/// phase stands. The batch ids are here so that a restart resumes polling them; the phase ends with the run's jobs
/// created (<see cref="Scoring"/>), or with the rest scored live (<see cref="Fallback"/>, with the <see cref="Reason"/>).
/// </summary>
public sealed record RunBatch
{
    /// <summary>The run's judge calls are being collected for the next batch.</summary>
    public const string Collecting = "collecting";

    /// <summary>Every round is done: the jobs score, their judge calls answered from the batch-filled response cache.</summary>
    public const string Scoring = "scoring";

    /// <summary>A batch failed, expired or was cancelled (or the judge changed): the jobs call the judge live for what is left.</summary>
    public const string Fallback = "fallback";

    /// <summary>
    /// <see cref="Collecting"/>, the current batch's status as the Batch API reports it (<c>validating</c>,
    /// <c>in_progress</c>, <c>finalizing</c>, <c>cancelling</c>...), <see cref="Scoring"/> or <see cref="Fallback"/>.
    /// </summary>
    public string State { get; init; } = Collecting;

    public IReadOnlyList<RunBatchRound> Rounds { get; init; } = [];

    /// <summary>
    /// Response cache keys of requests a batch gave no usable reply for: they are not batched again (the jobs ask them live).
    /// </summary>
    public IReadOnlyList<string> Unanswered { get; init; } = [];

    /// <summary>How many times the current batch's status has been read: the next wait grows with it.</summary>
    public int Polls { get; init; }

    /// <summary>Why some or all of the run's judge calls went live; null while everything goes through batches.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    [JsonIgnore]
    public bool IsOver => State is Scoring or Fallback;

    [JsonIgnore]
    public RunBatchRound? Current => Rounds.Count == 0 ? null : Rounds[^1];
}
