using System.Text.Json.Serialization;

namespace ScoreJobs.Index;

/// <summary>Source-generated JSON of a run tally, as the index stores it.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RunTally))]
[JsonSerializable(typeof(MetricTally))]
internal sealed partial class RunTallyJsonContext : JsonSerializerContext;
