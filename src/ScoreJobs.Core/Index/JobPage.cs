using ScoreJobs.Records;

namespace ScoreJobs.Index;

/// <summary>One page of list items, newest first, and the cursor of the next page (null at the end).</summary>
public sealed record JobPage(IReadOnlyList<JobListItem> Jobs, string? NextCursor);
