using System.Text.Encodings.Web;
using System.Text.Json;

namespace ScoreJobs.Json;

/// <summary>
/// The options every ScoreJobs JSON context also comes in: its generated options, but writing non-ASCII text
/// (Chinese questions, answers and reasons) as itself rather than as \uXXXX escapes, so stored records stay
/// readable. Safe because the JSON is never embedded in HTML.
/// </summary>
internal static class ReadableJson
{
    public static JsonSerializerOptions From(JsonSerializerOptions generated) =>
        new(generated) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
