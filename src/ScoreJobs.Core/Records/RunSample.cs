using ScoreJobs.Requests;

namespace ScoreJobs.Records;

/// <summary>One sample of a run as stored in its chunk: the id it is known by and the request its job scores.</summary>
public sealed record RunSample(string SampleId, ScoreRequest Request);
