using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScoreJobs.Json;

/// <summary>Enums travel as snake_case strings: <c>rate_limit</c>, <c>completed</c>.</summary>
internal sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
