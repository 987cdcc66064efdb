using System.Text.Json.Serialization;
using ScoreJobs.Cli.Json;

namespace ScoreJobs.Cli.Comparisons;

/// <summary>A sample whose score on one metric fell from base to head by more than the server's margin.</summary>
internal sealed record Regression
{
    [JsonConverter(typeof(TextOrNumberConverter))]
    public required string SampleId { get; init; }
    public required string Metric { get; init; }
    public double? Base { get; init; }
    public double? Head { get; init; }
    public double? Delta { get; init; }
}
