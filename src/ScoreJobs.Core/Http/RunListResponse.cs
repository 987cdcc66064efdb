using ScoreJobs.Runs;

namespace ScoreJobs.Http;

/// <summary>The body of GET /api/score/runs.</summary>
public sealed record RunListResponse(IReadOnlyList<RunRecord> Runs, string? NextCursor);
