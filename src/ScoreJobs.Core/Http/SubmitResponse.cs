using ScoreJobs.Jobs;
using ScoreJobs.Records;

namespace ScoreJobs.Http;

/// <summary>The 202 body of POST /api/score/async.</summary>
public sealed record SubmitResponse(string JobId, JobStatus Status, DateTimeOffset CreatedAt, string StatusUrl);
