namespace ScoreJobs.Labels;

/// <summary>A job's labels as stored, with the version a conditional replace must match.</summary>
public sealed record StoredLabels(IReadOnlyList<JobLabel> Labels, string ETag);
