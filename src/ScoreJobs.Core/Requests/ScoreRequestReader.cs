using ScoreJobs.Text;
using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ScoreJobs.Requests;

/// <summary>
/// Reads a score request body into a <see cref="ScoreRequest"/>, collecting every field error at once
/// instead of stopping at the first, so a client learns all that is wrong in one round trip.
/// Unknown fields are ignored, for forward compatibility with clients that send more, but named back to the client
/// (<c>ignored_fields</c>), and a near miss such as <c>Question</c> or <c>ground-truth</c> gets a "did you mean".
/// RAGAS names and Dify's <c>query</c> are read as aliases. What is read otherwise than sent is said in <see cref="ScoreRequest.Warnings"/>.
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
    public const int MaxRepeats = ScoreRequest.MaxRepeats;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    /// <summary>The names a client may use for a field instead of ours: RAGAS's, and Dify's <c>query</c>.</summary>
    public static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["user_input"] = "question",
        ["query"] = "question",
        ["response"] = "answer",
        ["retrieved_contexts"] = "contexts",
        ["reference"] = "ground_truth",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The fields of a score request, under our names.</summary>
    public static readonly FrozenSet<string> Fields = new[]
    {
        "question", "answer", "contexts", "ground_truth", "metrics", "judge_model", "embedding_model", "weights", "metadata", "callback_url", "cache", "repeats", "rubrics",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static ScoreRequest? Read(ReadOnlyMemory<byte> utf8Json, RequestErrors errors) => Read(utf8Json, errors, ignoredFields: null);

    /// <summary>
    /// Parses (as leniently as Dify's own <c>json.loads(strict=False)</c>) and validates; returns null with
    /// <paramref name="errors"/> filled when the body is unusable. <paramref name="contentType"/> is named in a parse error.
    /// </summary>
    public static ScoreRequest? Read(ReadOnlyMemory<byte> utf8Json, RequestErrors errors, List<string>? ignoredFields, string? contentType = null)
    {
        JsonDocument document;
        try
        {
            document = LenientJson.Parse(utf8Json, DocumentOptions);
        }
        catch (LenientJsonException ex)
        {
            errors.Add("body", LenientJson.Explain(ex, contentType));
            return null;
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement, errors, ignoredFields);
            }
            catch (InvalidOperationException)
            {
                // JSON that parses but escapes a lone surrogate (\ud800) cannot be read as text.
                errors.Add("body", "holds a string that is not valid Unicode (a lone surrogate escape such as \\ud800)");
                return null;
            }
        }
    }

    public static ScoreRequest? Read(JsonElement root, RequestErrors errors) => Read(root, errors, ignoredFields: null);

    /// <summary>
    /// Reads a request object. <paramref name="ignoredFields"/>, when given, receives the top-level fields that were not
    /// read; <paramref name="otherFields"/> are fields the caller reads itself (a run sample's <c>id</c>).
    /// </summary>
    public static ScoreRequest? Read(JsonElement root, RequestErrors errors, List<string>? ignoredFields, IReadOnlySet<string>? otherFields = null)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "must be a JSON object with at least a 'question'");
            return null;
        }

        var warnings = new List<string>();
        using var renamed = RenameAliases(root, warnings);
        if (renamed is not null) root = renamed.RootElement;
        var nearMisses = NoteUnknownFields(root, otherFields, warnings, ignoredFields);

        var question = ReadString(root, "question", errors, MaxQuestionLength);
        if (question is null && !HasError(root, "question"))
        {
            errors.Add("question", nearMisses.TryGetValue("question", out var sent)
                ? $"is required ('{sent}' was sent: did you mean 'question'?)"
                : "is required");
        }
        else if (question is not null && string.IsNullOrWhiteSpace(question))
        {
            errors.Add("question", "must not be blank");
        }

        var request = new ScoreRequest
        {
            Question = question ?? "",
            Answer = ReadString(root, "answer", errors, maxLength: null),
            Contexts = ReadContexts(root, errors, warnings, out var titles),
            ContextTitles = titles,
            GroundTruth = ReadString(root, "ground_truth", errors, maxLength: null),
            Metrics = ReadMetrics(root, errors),
            JudgeModel = Blank(ReadString(root, "judge_model", errors, MaxModelNameLength)),
            EmbeddingModel = Blank(ReadString(root, "embedding_model", errors, MaxModelNameLength)),
            Weights = ReadWeights(root, errors),
            Metadata = ReadMetadata(root, errors),
            CallbackUrl = Blank(ReadString(root, "callback_url", errors, MaxCallbackUrlLength)),
            Cache = ReadCache(root, errors),
            Repeats = ReadRepeats(root, errors),
            Rubrics = global::ScoreJobs.Rubrics.RubricReader.ReadList(root, errors.Add),
            Warnings = warnings.Count > 0 ? warnings : null,
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

    /// <summary>The <c>repeats</c> field: null when absent, else an integer from 1 to <see cref="MaxRepeats"/>.</summary>
    internal static int? ReadRepeats(JsonElement root, RequestErrors errors)
    {
        if (!root.TryGetProperty("repeats", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var repeats) && repeats is >= 1 and <= MaxRepeats) return repeats;

        errors.Add("repeats", RepeatsProblem(value.ValueKind == JsonValueKind.Number ? value.GetRawText() : Kind(value)));
        return null;
    }

    internal static string RepeatsProblem(string sent) =>
        $"must be a whole number from 1 to {MaxRepeats}, how many times each judge metric is asked (got {sent.ClipWithEllipsis(40)})";

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

    private static List<string> ReadContexts(JsonElement root, RequestErrors errors, List<string> warnings, out List<string?>? contextTitles)
    {
        var contexts = new List<string>();
        var titles = new List<string?>();
        contextTitles = null;
        if (!root.TryGetProperty("contexts", out var value)) return contexts;

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                break;
            case JsonValueKind.String:
                var text = value.GetString()!;
                // Dify renders a retrieval result into a template as Python's str() of the list (JSON inside a quoted
                // template of an older node, or after its json_repair); pandas writes list columns the same way.
                if (LooksLikeList(text))
                {
                    if (TryReadEmbeddedList(text, contexts, titles, out var why)) break;
                    warnings.Add($"contexts: the text starts with '[' and ends with ']' but is neither a JSON array nor a Python list ({why}), so it was kept as one context; send a JSON array of strings, or see docs/dify.md");
                }

                AddContext(contexts, titles, text, title: null);
                break;
            case JsonValueKind.Array:
                ReadContextArray(value, contexts, titles, errors);
                break;
            case JsonValueKind.Object:
                ReadContextItem(value, "contexts", contexts, titles, errors);
                break;
            default:
                errors.Add("contexts", $"must be a string, an array of strings, or an array of objects with 'content', not {Kind(value)}");
                break;
        }

        if (contexts.Count > MaxContexts)
        {
            errors.Add("contexts", $"must hold at most {MaxContexts} items (got {contexts.Count})");
        }

        if (titles.Any(t => t is not null)) contextTitles = titles;
        return contexts;
    }

    private static void ReadContextArray(JsonElement array, List<string> contexts, List<string?> titles, RequestErrors errors)
    {
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            ReadContextItem(item, $"contexts[{index}]", contexts, titles, errors);
            index++;
        }
    }

    private static void ReadContextItem(JsonElement item, string field, List<string> contexts, List<string?> titles, RequestErrors errors)
    {
        switch (item.ValueKind)
        {
            case JsonValueKind.Null:
                break;
            case JsonValueKind.String:
                AddContext(contexts, titles, item.GetString()!, title: null);
                break;
            case JsonValueKind.Object when item.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String:
                AddContext(contexts, titles, content.GetString()!, TitleOf(item));
                break;
            case JsonValueKind.Object:
                errors.Add(field, "must have a string 'content' (a Dify Knowledge Retrieval result) or be a string");
                break;
            default:
                errors.Add(field, $"must be a string or an object with 'content', not {Kind(item)}");
                break;
        }
    }

    /// <summary>A retrieval item's document: its <c>title</c>, else its <c>metadata.document_name</c>.</summary>
    private static string? TitleOf(JsonElement item)
    {
        if (item.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(title.GetString()))
        {
            return title.GetString()!.Trim();
        }

        return item.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object &&
               metadata.TryGetProperty("document_name", out var name) && name.ValueKind == JsonValueKind.String &&
               !string.IsNullOrWhiteSpace(name.GetString())
            ? name.GetString()!.Trim()
            : null;
    }

    private static bool LooksLikeList(string text)
    {
        var trimmed = text.AsSpan().Trim();
        return trimmed.Length >= 2 && trimmed[0] == '[' && trimmed[^1] == ']';
    }

    /// <summary>Reads text holding a JSON array or a Python list; false with <paramref name="why"/> when it is neither.</summary>
    private static bool TryReadEmbeddedList(string text, List<string> contexts, List<string?> titles, out string why)
    {
        JsonDocument embedded;
        try
        {
            embedded = JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException json)
        {
            if (PythonLiteral.ToJson(text.Trim(), out var error) is not { } converted)
            {
                // Name the reading that got further: a text with single quotes was meant as Python.
                why = text.Contains('\'', StringComparison.Ordinal) ? $"as a Python list: {error}" : $"as JSON: {Describe(json)}";
                return false;
            }

            embedded = JsonDocument.Parse(converted, DocumentOptions);
        }

        using (embedded)
        {
            var scratch = new RequestErrors();
            var found = new List<string>();
            var foundTitles = new List<string?>();
            ReadContextArray(embedded.RootElement, found, foundTitles, scratch);
            if (!scratch.IsEmpty)
            {
                why = $"its items are not usable: {scratch}";
                return false;
            }

            contexts.AddRange(found);
            titles.AddRange(foundTitles);
            why = "";
            return true;
        }
    }

    /// <summary>
    /// A copy of the request with aliases renamed to our names, or null when it uses none (read in place). When our name
    /// and an alias (or two aliases) are both sent, the first in <c>question, query, user_input</c> order wins; a
    /// different value under the other name is a warning, never a silent choice.
    /// </summary>
    private static JsonDocument? RenameAliases(JsonElement root, List<string> warnings)
    {
        Dictionary<string, string>? chosen = null; // our name -> the name whose value is read
        foreach (var name in Fields)
        {
            string? reader = IsGiven(root, name) ? name : null;
            foreach (var (alias, target) in Aliases.OrderBy(a => a.Key == "query" ? 0 : 1))
            {
                if (target != name || !IsGiven(root, alias)) continue;
                if (reader is null)
                {
                    reader = alias;
                    (chosen ??= new(StringComparer.Ordinal))[name] = alias;
                }
                else if (root.GetProperty(alias).GetRawText() != root.GetProperty(reader).GetRawText())
                {
                    warnings.Add($"'{reader}' and '{alias}' both name the {name.Replace('_', ' ')} and differ: '{reader}' was read and '{alias}' ignored");
                }
            }
        }

        if (chosen is null) return null;

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in root.EnumerateObject())
            {
                if (Aliases.TryGetValue(property.Name, out var name))
                {
                    if (chosen.TryGetValue(name, out var reader) && reader == property.Name) writer.WritePropertyName(name);
                    else continue;
                }
                else if (Fields.Contains(property.Name) && chosen.ContainsKey(property.Name))
                {
                    continue; // sent as null; the alias's value is read
                }
                else
                {
                    writer.WritePropertyName(property.Name);
                }

                property.Value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    /// <summary>
    /// Lists the fields that are not read, warns about each near miss of a field not sent under its own name, and
    /// returns the near misses (our name -> the name sent).
    /// </summary>
    private static Dictionary<string, string> NoteUnknownFields(JsonElement root, IReadOnlySet<string>? otherFields, List<string> warnings, List<string>? ignoredFields)
    {
        var nearMisses = new Dictionary<string, string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var property in root.EnumerateObject())
        {
            var name = property.Name;
            if (Fields.Contains(name) || Aliases.ContainsKey(name) || otherFields?.Contains(name) == true) continue;
            ignoredFields?.Add(name);
            if (FieldNames.NearestTo(name, Fields.Concat(Aliases.Keys).Concat(otherFields ?? Enumerable.Empty<string>())) is { } meant &&
                !IsGiven(root, Aliases.GetValueOrDefault(meant, meant)))
            {
                nearMisses.TryAdd(Aliases.GetValueOrDefault(meant, meant), name);
                warnings.Add($"'{name}' is not a field and was ignored: did you mean '{meant}'?");
            }
            else
            {
                unknown.Add($"'{name}'");
            }
        }

        if (unknown.Count > 0) warnings.Add($"fields this service does not read were ignored: {string.Join(", ", unknown)}");
        return nearMisses;
    }

    private static bool IsGiven(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static void AddContext(List<string> contexts, List<string?> titles, string text, string? title)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        contexts.Add(text);
        titles.Add(title);
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
