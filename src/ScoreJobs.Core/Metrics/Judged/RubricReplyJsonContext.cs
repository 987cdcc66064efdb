using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScoreJobs.Metrics.Judged;

/// <summary>Source-generated JSON for rubric replies, read as <see cref="JudgeReplyJsonContext"/> reads the built-ins'.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    PropertyNameCaseInsensitive = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(RubricMetric.StepsReply))]
[JsonSerializable(typeof(RubricMetric.RatingReply))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(string))]
internal sealed partial class RubricReplyJsonContext : JsonSerializerContext;
