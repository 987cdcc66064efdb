using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// Source-generated JSON for the judge's replies, the built-in metrics' and the rubrics' (and a rubric's raw answer).
/// Lenient about form (case, trailing commas, comments), strict about content: a missing required field or a null
/// where a value is due fails the parse.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    PropertyNameCaseInsensitive = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(StatementsReply))]
[JsonSerializable(typeof(ItemVerdictsReply))]
[JsonSerializable(typeof(ClaimVerdictsReply))]
[JsonSerializable(typeof(AnswerRelevancyMetric.QuestionsReply))]
[JsonSerializable(typeof(AnswerRelevancyMetric.RatingReply))]
[JsonSerializable(typeof(ContextRecallMetric.AttributionReply))]
[JsonSerializable(typeof(AnswerCorrectnessMetric.CorrectnessReply))]
[JsonSerializable(typeof(OverallQualityMetric.QualityReply))]
[JsonSerializable(typeof(ResponseGroundednessMetric.GroundednessReply))]
[JsonSerializable(typeof(NoiseSensitivityMetric.NoiseReply))]
[JsonSerializable(typeof(RubricMetric.StepsReply))]
[JsonSerializable(typeof(RubricMetric.RatingReply), TypeInfoPropertyName = "RubricRatingReply")]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(string))]
internal sealed partial class JudgeReplyJsonContext : JsonSerializerContext;
