using ScoreJobs.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ScoreJobs.Requests;

/// <summary>
/// Reads a score request body into a <see cref="ScoreRequest"/>, collecting every field error at once
/// instead of stopping at the first, so a client learns all that is wrong in one round trip.
/// Unknown fields are ignored, for forward compatibility with clients that send more.
/// </summary>
internal static class ScoreRequestReader
{
    public const int MaxQuestionLength = 20_000;
    public const int MaxContexts = 200;
    public const int MaxModelNameLength = 200;
    public const int MaxMetadataEntries = 32;
    public const int MaxMetadataKeyLength = 64;
    public const int MaxMetadataValueLength = 256;
    public const int MaxMetadataBytes = 2048;
    public const int MaxCallbackUrlLength = 2048;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    /// <summary>Parses and validates; returns null with <paramref name="errors"/> filled when the body is unusable.</summary>
    public static ScoreRequest? Read(ReadOnlyMemory<byte> utf8Json, RequestErrors errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            errors.Add("body", $"is not valid JSON ({Describe(ex)})");
            return null;
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement, errors);
            }
            catch (InvalidOperationException)
            {
                // JSON that parses but escapes a lone surrogate (\ud800) cannot be read as text.
                errors.Add("body", "holds a string that is not valid Unicode (a lone surrogate escape such as \\ud800)");
                return null;
            }
        }
    }

    public static ScoreRequest? Read(JsonElement root, RequestErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "must be a JSON object with at least a 'question'");
            return null;
        }

        var question = ReadString(root, "question", errors, MaxQuestionLength);
        if (question is null && !HasError(root, "question"))
        {
            errors.Add("question", "is required");
        }
        else if (question is not null && string.IsNullOrWhiteSpace(question))
        {
            errors.Add("question", "must not be blank");
        }

        var request = new ScoreRequest
        {
            Question = question ?? "",
            Answer = ReadString(root, "answer", errors, maxLength: null),
            Contexts = ReadContexts(root, errors),
            GroundTruth = ReadString(root, "ground_truth", errors, maxLength: null),
            Metrics = ReadMetrics(root, errors),
            JudgeModel = Blank(ReadString(root, "judge_model", errors, MaxModelNameLength)),
            EmbeddingModel = Blank(ReadString(root, "embedding_model", errors, MaxModelNameLength)),
            Weights = ReadWeights(root, errors),
            Metadata = ReadMetadata(root, errors),
            CallbackUrl = Blank(ReadString(root, "callback_url", errors, MaxCallbackUrlLength)),
            Cache = ReadCache(root, errors),
        };

        return errors.IsEmpty ? request : null;

        static bool HasError(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
    }

    // The field readers below are shared with dataset runs, whose run-level settings follow the same rules.
    internal static bool ReadCache(JsonElement root, RequestErrors errors)
    {
        if (!root.TryGetProperty("cache", out var value) || value.ValueKind == JsonValueKind.Null) return true;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();

        errors.Add("cache", $"must be true or false, not {Kind(value)}");
        return true;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal static string? ReadString(JsonElement root, string name, RequestErrors errors, int? maxLength)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, $"must be a string, not {Kind(value)}");
            return null;
        }

        var text = value.GetString()!;
        if (maxLength is { } max && text.Length > max)
        {
            errors.Add(name, $"must be at most {max} characters (got {text.Length})");
            return null;
        }

        return text;
    }

    private static List<string> ReadContexts(JsonElement root, RequestErrors errors)
    {
        var contexts = new List<string>();
        if (!root.TryGetProperty("contexts", out var value)) return contexts;

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                break;
            case JsonValueKind.String:
                var text = value.GetString()!;
                // Dify renders a retrieval result inside a quoted template as a JSON string of the array.
                if (LooksLikeJsonArray(text) && TryReadEmbeddedArray(text, contexts))
                {
                    break;
                }

                AddContext(contexts, text);
                break;
            case JsonValueKind.Array:
                ReadContextArray(value, contexts, errors);
                break;
            case JsonValueKind.Object:
                ReadContextItem(value, "contexts", contexts, errors);
                break;
            default:
                errors.Add("contexts", $"must be a string, an array of strings, or an array of objects with 'content', not {Kind(value)}");
                break;
        }

        if (contexts.Count > MaxContexts)
        {
            errors.Add("contexts", $"must hold at most {MaxContexts} items (got {contexts.Count})");
        }

        return contexts;
    }

    private static void ReadContextArray(JsonElement array, List<string> contexts, RequestErrors errors)
    {
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            ReadContextItem(item, $"contexts[{index}]", contexts, errors);
            index++;
        }
    }

    private static void ReadContextItem(JsonElement item, string field, List<string> contexts, RequestErrors errors)
    {
        switch (item.ValueKind)
        {
            case JsonValueKind.Null:
                break;
            case JsonValueKind.String:
                AddContext(contexts, item.GetString()!);
                break;
            case JsonValueKind.Object when item.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String:
                AddContext(contexts, content.GetString()!);
                break;
            case JsonValueKind.Object:
                errors.Add(field, "must have a string 'content' (a Dify Knowledge Retrieval result) or be a string");
                break;
            default:
                errors.Add(field, $"must be a string or an object with 'content', not {Kind(item)}");
                break;
        }
    }

    private static bool LooksLikeJsonArray(string text)
    {
        var trimmed = text.AsSpan().Trim();
        return trimmed.Length >= 2 && trimmed[0] == '[' && trimmed[^1] == ']';
    }

    private static bool TryReadEmbeddedArray(string text, List<string> contexts)
    {
        try
        {
            using var embedded = JsonDocument.Parse(text, DocumentOptions);
            var scratch = new RequestErrors();
            var found = new List<string>();
            ReadContextArray(embedded.RootElement, found, scratch);
            if (!scratch.IsEmpty) return false;
            contexts.AddRange(found);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void AddContext(List<string> contexts, string text)
    {
        if (!string.IsNullOrWhiteSpace(text)) contexts.Add(text);
    }

    internal static List<string>? ReadMetrics(JsonElement root, RequestErrors errors)
    {
        if (!root.TryGetProperty("metrics", out var value) || value.ValueKind == JsonValueKind.Null) return null;

        if (value.ValueKind == JsonValueKind.String)
        {
            // A Dify variable often arrives as "a, b" rather than ["a", "b"].
            return [.. value.GetString()!.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add("metrics", $"must be an array of metric names, not {Kind(value)}");
            return null;
        }

        var names = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.GetString()))
            {
                names.Add(item.GetString()!.Trim());
            }
            else
            {
                errors.Add($"metrics[{index}]", $"must be a metric name, not {Kind(item)}");
            }

            index++;
        }

        return names;
    }

    internal static Dictionary<string, double>? ReadWeights(JsonElement root, RequestErrors errors)
    {
        if (!root.TryGetProperty("weights", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add("weights", $"must be an object of metric name to number, not {Kind(value)}");
            return null;
        }

        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var weight))
            {
                weights[property.Name] = weight;
            }
            else
            {
                errors.Add("weights", $"the weight of '{property.Name.ClipWithEllipsis(40)}' must be a number, not {Kind(property.Value)}");
            }
        }

        return weights;
    }

    internal static Dictionary<string, string>? ReadMetadata(JsonElement root, RequestErrors errors)
    {
        if (!root.TryGetProperty("metadata", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add("metadata", $"must be an object of string tags, not {Kind(value)}");
            return null;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var bytes = 0;
        foreach (var property in value.EnumerateObject())
        {
            string? text = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            if (text is null)
            {
                errors.Add("metadata", $"the tag '{property.Name.ClipWithEllipsis(40)}' must be a string, number or boolean, not {Kind(property.Value)}");
                continue;
            }

            if (TagProblem(property.Name, text) is { } problem)
            {
                errors.Add("metadata", problem);
                continue;
            }

            metadata[property.Name] = text;
            bytes += TagBytes(property.Name, text);
        }

        if (MetadataSizeProblem(metadata.Count, bytes) is { } sizeProblem)
        {
            errors.Add("metadata", sizeProblem);
        }

        return metadata;
    }

    /// <summary>What is wrong with one metadata tag, or null when it is within bounds.</summary>
    internal static string? TagProblem(string name, string value)
    {
        if (name.Length is 0 || name.Length > MaxMetadataKeyLength)
        {
            return $"tag names must be 1 to {MaxMetadataKeyLength} characters ('{name.ClipWithEllipsis(40)}')";
        }

        if (ControlCharacters.Problem(name) is { } inName) return $"the tag name {inName}";
        if (ControlCharacters.Problem(value) is { } inValue) return $"the tag '{name.ClipWithEllipsis(40)}' {inValue}";

        return value.Length > MaxMetadataValueLength
            ? $"the tag '{name.ClipWithEllipsis(40)}' must be at most {MaxMetadataValueLength} characters"
            : null;
    }

    internal static int TagBytes(string name, string value) => Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value);

    /// <summary>What is wrong with the size of a whole metadata map, or null when it is within bounds.</summary>
    internal static string? MetadataSizeProblem(int count, int bytes) =>
        count > MaxMetadataEntries ? $"must hold at most {MaxMetadataEntries} tags (got {count})"
        : bytes > MaxMetadataBytes ? $"must be at most {MaxMetadataBytes} bytes of names and values in all (got {bytes})"
        : null;

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an unknown value",
    };


    private static string Describe(JsonException ex) =>
        ex.LineNumber is { } line && ex.BytePositionInLine is { } position
            ? string.Create(CultureInfo.InvariantCulture, $"line {line + 1}, position {position + 1}")
            : "unexpected content";
}
