using ScoreJobs.Records;

namespace ScoreJobs.Runs;

/// <summary>A run submission checked against the catalog: its manifest (without id and time yet) and its samples, each request's metrics resolved.</summary>
internal sealed record PreparedRun(RunManifest Manifest, IReadOnlyList<RunSample> Samples);
