namespace ScoreJobs.Bench.Seeding;

/// <summary>What seeding wrote: the ids (ascending, i.e. newest first), the bytes, and how long it took.</summary>
internal sealed record SeedResult(IReadOnlyList<string> JobIds, long Bytes, TimeSpan Elapsed);
