using System.Text.Json;
using ScoreJobs.Requests;
using ScoreJobs.Text;

namespace ScoreJobs.Labels;

/// <summary>
/// Reads <c>PUT /api/score/jobs/{job_id}/labels/{rater}</c>: the rater's name and the body
/// <c>{"scores": {metric: 0-1}, "rating": "good"|"bad", "note": "..."}</c>, collecting every field error at once.
/// </summary>
internal static class LabelReader
{
    public const int MaxRaterLength = 64;
    public const int MaxNoteLength = 2000;
    public const int MaxScores = 64;

    /// <summary>What is wrong with a rater's name, or null: 1-64 of letters, digits, <c>. _ @ -</c>.</summary>
    public static string? RaterProblem(string rater) =>
        rater.Length is 0 or > MaxRaterLength || !rater.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '-')
            ? $"must be 1 to {MaxRaterLength} of letters, digits, '.', '_', '@' or '-' (an email address works)"
            : null;

    /// <summary>The label, or null with <paramref name="errors"/> filled. <paramref name="isMetric"/> says which score names exist.</summary>
    public static JobLabel? Read(ReadOnlyMemory<byte> body, string rater, Func<string, bool> isMetric, DateTimeOffset now, RequestErrors errors)
    {
        if (RaterProblem(rater) is { } raterProblem) errors.Add("rater", raterProblem);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            errors.Add("body", "is not valid JSON: send {\"rating\": \"good\"}, {\"scores\": {\"faithfulness\": 0.8}} or {\"note\": \"...\"}");
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add("body", "must be a JSON object with scores, rating or note");
                return null;
            }

            var scores = ReadScores(root, isMetric, errors);
            var rating = ReadRating(root, errors);
            var note = ScoreRequestReader.ReadString(root, "note", errors, MaxNoteLength);
            if (note is not null && note.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            {
                errors.Add("note", "must not hold control characters other than line breaks and tabs");
            }

            note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
            if (errors.IsEmpty && scores is null && rating is null && note is null)
            {
                errors.Add("body", "must carry at least one of scores, rating or note");
            }

            return errors.IsEmpty ? new JobLabel { Rater = rater, Scores = scores, Rating = rating, Note = note, UpdatedAt = now } : null;
        }
    }

    private static Dictionary<string, double>? ReadScores(JsonElement root, Func<string, bool> isMetric, RequestErrors errors)
    {
        if (!root.TryGetProperty("scores", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add("scores", "must be an object of metric name to a score from 0 to 1");
            return null;
        }

        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var field = $"scores.{property.Name.ClipWithEllipsis(40)}";
            if (!isMetric(property.Name))
            {
                errors.Add(field, "is not a metric: use a name from GET /api/score/metrics, or weighted_score");
            }
            else if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out var score) || score is < 0 or > 1)
            {
                errors.Add(field, "must be a number from 0 to 1");
            }
            else
            {
                scores[property.Name] = score;
            }
        }

        if (scores.Count > MaxScores) errors.Add("scores", $"must hold at most {MaxScores} metrics");
        return scores.Count > 0 ? scores : null;
    }

    private static string? ReadRating(JsonElement root, RequestErrors errors)
    {
        if (!root.TryGetProperty("rating", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim().ToLowerInvariant() : null;
        switch (text)
        {
            case "good" or "like":
                return "good";
            case "bad" or "dislike":
                return "bad";
            default:
                errors.Add("rating", "must be \"good\" or \"bad\" (Dify's \"like\" and \"dislike\" work too)");
                return null;
        }
    }
}
