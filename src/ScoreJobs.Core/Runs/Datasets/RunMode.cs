namespace ScoreJobs.Runs.Datasets;

/// <summary>How a run asks for its scores: <c>live</c> (the default) or <c>batch</c> on the wire.</summary>
internal enum RunMode
{
    Live,
    Batch,
}
