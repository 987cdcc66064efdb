using Microsoft.Extensions.Primitives;
using ScoreJobs.Requests;
using ScoreJobs.Text;
using System.Globalization;
using System.Text.Json;

namespace ScoreJobs.Runs.Datasets;

/// <summary>
/// Reads a run's settings from a JSON body or, for JSONL and CSV, from the query string. The fields a score request
/// also has follow <see cref="ScoreRequestReader"/>'s rules; weights must also be finite and non-negative here.
/// Threshold names are only checked for their form: the caller knows the metric catalog.
/// </summary>
internal static class RunSettingsReader
{
    public const int MaxNameLength = 200;
    public const int MaxThresholdNameLength = 100;

    public static RunSettings FromJson(JsonElement root, RequestErrors errors)
    {
        var weights = ScoreRequestReader.ReadWeights(root, errors);
        CheckWeights(weights, "weights", errors);

        return new RunSettings
        {
            Name = CheckName(Trimmed(ScoreRequestReader.ReadString(root, "name", errors, MaxNameLength)), "name", errors),
            Metrics = ScoreRequestReader.ReadMetrics(root, errors),
            Weights = weights,
            Thresholds = ReadThresholds(root, errors),
            JudgeModel = Trimmed(ScoreRequestReader.ReadString(root, "judge_model", errors, ScoreRequestReader.MaxModelNameLength)),
            EmbeddingModel = Trimmed(ScoreRequestReader.ReadString(root, "embedding_model", errors, ScoreRequestReader.MaxModelNameLength)),
            Metadata = ScoreRequestReader.ReadMetadata(root, errors),
            CallbackUrl = Trimmed(ScoreRequestReader.ReadString(root, "callback_url", errors, ScoreRequestReader.MaxCallbackUrlLength)),
            Mode = ReadMode(ScoreRequestReader.ReadString(root, "mode", errors, maxLength: null), "mode", errors),
            Cache = ScoreRequestReader.ReadCache(root, errors),
            Repeats = ScoreRequestReader.ReadRepeats(root, errors),
            MinCoverage = ReadMinCoverage(root, errors),
            Rubrics = global::ScoreJobs.Rubrics.RubricReader.ReadList(root, errors.Add),
        };
    }

    /// <summary>
    /// <c>name</c>, <c>metrics</c> (comma-separated and/or repeated), <c>threshold=metric:0.8</c>, <c>weight=metric:2</c> and
    /// <c>tag=key:value</c> (each repeatable, plural spellings too), <c>judge_model</c>, <c>embedding_model</c>, <c>mode</c>,
    /// <c>cache</c>, <c>repeats</c>, <c>callback_url</c>. Keys ignore case; other keys are ignored.
    /// </summary>
    public static RunSettings FromQuery(IEnumerable<KeyValuePair<string, StringValues>> query, RequestErrors errors)
    {
        var settings = new RunSettings();
        List<string>? metrics = null;
        Dictionary<string, double>? weights = null;
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        Dictionary<string, string>? metadata = null;

        foreach (var (rawKey, values) in query)
        {
            var key = rawKey.Trim().ToLowerInvariant();
            switch (key)
            {
                case "name":
                    settings = settings with { Name = CheckName(Single(key, values, MaxNameLength, errors), key, errors) };
                    break;
                case "judge_model":
                    settings = settings with { JudgeModel = Single(key, values, ScoreRequestReader.MaxModelNameLength, errors) };
                    break;
                case "embedding_model":
                    settings = settings with { EmbeddingModel = Single(key, values, ScoreRequestReader.MaxModelNameLength, errors) };
                    break;
                case "callback_url":
                    settings = settings with { CallbackUrl = Single(key, values, ScoreRequestReader.MaxCallbackUrlLength, errors) };
                    break;
                case "mode":
                    settings = settings with { Mode = ReadMode(Single(key, values, maxLength: null, errors), key, errors) };
                    break;
                case "min_coverage":
                    settings = settings with { MinCoverage = MinCoverage(Single(key, values, maxLength: null, errors), key, errors) };
                    break;
                case "repeats":
                    settings = settings with { Repeats = ReadRepeats(Single(key, values, maxLength: null, errors), key, errors) };
                    break;
                case "cache":
                    settings = settings with { Cache = ReadCache(Single(key, values, maxLength: null, errors), key, errors) };
                    break;
                case "metrics":
                    metrics ??= [];
                    foreach (var value in values)
                    {
                        metrics.AddRange((value ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    }

                    break;
                case "threshold" or "thresholds":
                    foreach (var (metric, number) in NumberPairs(key, values, "faithfulness:0.8", errors))
                    {
                        AddThreshold(thresholds, metric, number, key, errors);
                    }

                    break;
                case "weight" or "weights":
                    weights ??= new(StringComparer.Ordinal);
                    foreach (var (metric, number) in NumberPairs(key, values, "faithfulness:2", errors))
                    {
                        if (!weights.TryAdd(metric, number)) errors.Add(key, $"gives the weight of '{metric.ClipWithEllipsis(40)}' twice");
                    }

                    break;
                case "tag" or "tags":
                    metadata ??= new(StringComparer.Ordinal);
                    foreach (var (name, text) in Pairs(key, values, "app:dify", errors))
                    {
                        if (ScoreRequestReader.TagProblem(name, text) is { } problem) errors.Add(key, problem);
                        else if (!metadata.TryAdd(name, text)) errors.Add(key, $"gives the tag '{name.ClipWithEllipsis(40)}' twice");
                    }

                    break;
            }
        }

        CheckWeights(weights, "weight", errors);
        if (metadata is not null
            && ScoreRequestReader.MetadataSizeProblem(metadata.Count, metadata.Sum(t => ScoreRequestReader.TagBytes(t.Key, t.Value))) is { } sizeProblem)
        {
            errors.Add("tag", $"the tags {sizeProblem}");
        }

        return settings with
        {
            Metrics = metrics is { Count: > 0 } ? metrics : null,
            Weights = weights,
            Thresholds = thresholds,
            Metadata = metadata,
        };
    }

    private static Dictionary<string, double> ReadThresholds(JsonElement root, RequestErrors errors)
    {
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!root.TryGetProperty("thresholds", out var value) || value.ValueKind == JsonValueKind.Null) return thresholds;
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add("thresholds", "must be an object of metric name to a number from 0 to 1, such as {\"faithfulness\": 0.8}");
            return thresholds;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var threshold))
            {
                AddThreshold(thresholds, property.Name, threshold, "thresholds", errors);
            }
            else
            {
                errors.Add("thresholds", $"the threshold of '{property.Name.ClipWithEllipsis(40)}' must be a number from 0 to 1");
            }
        }

        return thresholds;
    }

    private static void AddThreshold(Dictionary<string, double> thresholds, string metric, double value, string field, RequestErrors errors)
    {
        if (!IsMetricName(metric))
        {
            errors.Add(field, $"'{metric.ClipWithEllipsis(40)}' is not a metric name (letters, digits, '_', '-' or '.', at most {MaxThresholdNameLength})");
        }
        else if (!double.IsFinite(value) || value is < 0 or > 1)
        {
            errors.Add(field, $"the threshold of '{metric}' must be a number from 0 to 1 (got {value.ToString(CultureInfo.InvariantCulture)})");
        }
        else if (!thresholds.TryAdd(metric, value))
        {
            errors.Add(field, $"gives the threshold of '{metric}' twice");
        }
    }

    private static string? CheckName(string? name, string key, RequestErrors errors)
    {
        if (ControlCharacters.Problem(name) is not { } problem) return name;
        errors.Add(key, problem);
        return null;
    }

    private static bool IsMetricName(string name) =>
        name.Length is > 0 and <= MaxThresholdNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private static void CheckWeights(Dictionary<string, double>? weights, string field, RequestErrors errors)
    {
        foreach (var (metric, weight) in weights ?? [])
        {
            if (!double.IsFinite(weight) || weight < 0)
            {
                errors.Add(field, $"the weight of '{metric.ClipWithEllipsis(40)}' must be a non-negative number (got {weight.ToString(CultureInfo.InvariantCulture)})");
            }
        }
    }

    private static RunMode ReadMode(string? value, string field, RequestErrors errors)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "live":
                return RunMode.Live;
            case "batch":
                return RunMode.Batch;
            default:
                errors.Add(field, $"must be 'live' or 'batch', not '{value.ClipWithEllipsis(40)}'");
                return RunMode.Live;
        }
    }

    private static double? ReadMinCoverage(JsonElement root, RequestErrors errors)
    {
        if (!root.TryGetProperty("min_coverage", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var share) && share is >= 0 and <= 1) return share;
        errors.Add("min_coverage", "must be a number between 0 and 1, the share of its samples a thresholded metric must score (e.g. 0.9)");
        return null;
    }

    private static double? MinCoverage(string? text, string field, RequestErrors errors)
    {
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1) return share;
        errors.Add(field, "must be a number between 0 and 1, the share of its samples a thresholded metric must score (e.g. 0.9)");
        return null;
    }

    private static int? ReadRepeats(string? value, string field, RequestErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var repeats) && repeats is >= 1 and <= ScoreRequestReader.MaxRepeats) return repeats;

        errors.Add(field, ScoreRequestReader.RepeatsProblem($"'{value}'"));
        return null;
    }

    private static bool ReadCache(string? value, string field, RequestErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return true;
        if (bool.TryParse(value.Trim(), out var cache)) return cache;

        errors.Add(field, $"must be true or false, not '{value.ClipWithEllipsis(40)}'");
        return true;
    }

    private static string? Single(string key, StringValues values, int? maxLength, RequestErrors errors)
    {
        if (values.Count > 1)
        {
            errors.Add(key, "must be given once");
            return null;
        }

        var value = Trimmed(values.ToString());
        if (value is not null && value.Length > maxLength)
        {
            errors.Add(key, $"must be at most {maxLength} characters (got {value.Length})");
            return null;
        }

        return value;
    }

    private static IEnumerable<(string Name, double Number)> NumberPairs(string key, StringValues values, string example, RequestErrors errors)
    {
        foreach (var (name, text) in Pairs(key, values, example, errors))
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                yield return (name, number);
            }
            else
            {
                errors.Add(key, $"'{name.ClipWithEllipsis(40)}' needs a number after ':', not '{text.ClipWithEllipsis(40)}'");
            }
        }
    }

    /// <summary>The <c>name:value</c> items of a repeatable key, split at the first ':' so values may hold more.</summary>
    private static IEnumerable<(string Name, string Value)> Pairs(string key, StringValues values, string example, RequestErrors errors)
    {
        foreach (var item in values)
        {
            var separator = item?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            if (separator <= 0)
            {
                errors.Add(key, $"must be name:value, such as {key}={example}, not '{(item ?? "").ClipWithEllipsis(40)}'");
                continue;
            }

            yield return (item![..separator].Trim(), item[(separator + 1)..].Trim());
        }
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
