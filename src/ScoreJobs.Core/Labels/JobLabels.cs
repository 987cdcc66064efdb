namespace ScoreJobs.Labels;

/// <summary>One job's labels, as a listing of the label store yields them.</summary>
public sealed record JobLabels(string JobId, IReadOnlyList<JobLabel> Labels);
