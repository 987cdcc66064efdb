namespace ScoreJobs.Runs;

/// <summary>One page of runs, newest first, and the cursor of the next page (null at the end).</summary>
public sealed record RunPage(IReadOnlyList<RunRecord> Runs, string? NextCursor);
