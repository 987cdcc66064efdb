using ScoreJobs.Runs;

namespace ScoreJobs.Http;

/// <summary>The 202 body of POST /api/score/runs.</summary>
public sealed record SubmitRunResponse(string RunId, RunStatus Status, int Samples, DateTimeOffset CreatedAt, string StatusUrl);
