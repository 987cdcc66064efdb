using System.Text.Json.Serialization;

namespace ScoreJobs.Bench.Reports;

/// <summary>Source-generated JSON for the results files: snake_case, indented.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(BenchResults))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
