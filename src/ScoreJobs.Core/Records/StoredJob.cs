
namespace ScoreJobs.Records;

/// <summary>A record as read from a store, with the version tag that a conditional replace needs.</summary>
public sealed record StoredJob(JobRecord Record, string ETag);
