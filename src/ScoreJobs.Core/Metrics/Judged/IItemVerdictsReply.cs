namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// A reply with one verdict per numbered item and a summary, read by <see cref="ItemVerdicts"/> whatever else each
/// verdict carries. Reply records implement <see cref="Items"/> explicitly, so it is no field of their schema.
/// </summary>
internal interface IItemVerdictsReply
{
    IReadOnlyList<IItemVerdict> Items { get; }

    string? Reason { get; }
}
