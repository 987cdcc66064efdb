using ScoreJobs.Jobs;
using ScoreJobs.Records;

namespace ScoreJobs.Http;

/// <summary>The body of GET /api/score/jobs.</summary>
public sealed record JobListResponse(IReadOnlyList<JobListItem> Jobs, string? NextCursor);
