using ScoreJobs.Labels;

namespace ScoreJobs.Http;

/// <summary>A job's labels after a change.</summary>
public sealed record LabelsResponse(string JobId, IReadOnlyList<JobLabel> Labels);
