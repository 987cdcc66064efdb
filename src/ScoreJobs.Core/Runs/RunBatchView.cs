using System.Text.Json.Serialization;
using ScoreJobs.Records;

namespace ScoreJobs.Runs;

/// <summary>
/// A batch-mode run's batches as its record shows them: the phase's state (<c>collecting</c>, the current batch's
/// status such as <c>validating</c> or <c>in_progress</c>, then <c>scoring</c>, or <c>fallback</c> with the reason),
/// the current round's batch and counts, and every round so far.
/// </summary>
public sealed record RunBatchView
{
    public required string State { get; init; }
    public int Round { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BatchId { get; init; }
    public int Requests { get; init; }
    public int Completed { get; init; }
    public int Failed { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
    public IReadOnlyList<RunBatchRound> Rounds { get; init; } = [];

    internal static RunBatchView Of(RunBatch? batch)
    {
        if (batch is null) return new RunBatchView { State = RunBatch.Collecting };
        var current = batch.Current;
        return new RunBatchView
        {
            State = batch.State,
            Round = current?.Round ?? 0,
            BatchId = current?.BatchId,
            Requests = current?.Requests ?? 0,
            Completed = current?.Completed ?? 0,
            Failed = current?.Failed ?? 0,
            Reason = batch.Reason,
            Rounds = batch.Rounds,
        };
    }
}
