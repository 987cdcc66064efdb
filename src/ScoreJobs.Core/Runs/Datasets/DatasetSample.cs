using ScoreJobs.Requests;

namespace ScoreJobs.Runs.Datasets;

/// <summary>One validated sample of a run: its id (given, or its position) and its score request with the run's settings applied.</summary>
internal sealed record DatasetSample(string SampleId, ScoreRequest Request);
