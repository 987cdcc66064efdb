namespace ScoreJobs.Runs.Datasets;

/// <summary>A dataset run as submitted and validated: its settings and its samples, in input order.</summary>
internal sealed record RunSubmission(RunSettings Settings, IReadOnlyList<DatasetSample> Samples);
