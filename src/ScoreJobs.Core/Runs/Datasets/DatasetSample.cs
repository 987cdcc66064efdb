using ScoreJobs.Requests;

namespace ScoreJobs.Runs.Datasets;

/// <summary>One validated sample of a run: its id (given, or its position) and its score request with the run's settings applied.</summary>
internal sealed record DatasetSample(string SampleId, ScoreRequest Request)
{
    /// <summary>Where the sample is in the input, as errors name it: <c>row 5</c> (CSV, a spreadsheet's row), <c>line 4</c>, <c>samples[3]</c>.</summary>
    public string Where { get; init; } = "sample " + SampleId;

    /// <summary>The sample's own label (<c>labels</c>, or CSV <c>label.*</c> columns), rater <c>dataset</c>.</summary>
    public Labels.JobLabel? Label { get; init; }
}
