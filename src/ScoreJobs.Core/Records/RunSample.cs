using System.Text.Json.Serialization;
using ScoreJobs.Requests;

namespace ScoreJobs.Records;

/// <summary>One sample of a run as stored in its chunk: the id it is known by and the request its job scores.</summary>
public sealed record RunSample(string SampleId, ScoreRequest Request)
{
    /// <summary>The label the dataset gave the sample, stored under rater <c>dataset</c> when its job is created.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Labels.JobLabel? Label { get; init; }
}
