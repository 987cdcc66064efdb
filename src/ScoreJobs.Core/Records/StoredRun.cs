namespace ScoreJobs.Records;

/// <summary>A run's manifest as read from a store, with the version tag a conditional replace needs.</summary>
public sealed record StoredRun(RunManifest Manifest, string ETag);
