namespace ScoreJobs.Index;

/// <summary>
/// Labelled pairs an index lends from memory it holds rather than copies (<see cref="IJobIndex.LabelledScoresAsync"/>):
/// unchanged until disposed, and readable as a span without a call a pair.
/// </summary>
public interface ILentLabelledScores : IReadOnlyList<LabelledScore>, IDisposable
{
    /// <summary>The pairs without a copy; valid until the lease is disposed.</summary>
    ReadOnlySpan<LabelledScore> Span { get; }
}
