using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ScoreJobs.Rubrics;

/// <summary>
/// Reads and validates rubric definitions (a request's or run's <c>rubrics</c>, or a server-wide rubric file), naming
/// every fault by its field (<c>rubrics[0].scale</c>) at once. Whether a name clashes with another metric is the
/// catalog's question, not this reader's.
/// </summary>
public static partial class RubricReader
{
    public const int MaxRubrics = 20;
    public const int MaxCriteriaLength = 4000;
    public const int MaxSteps = 20;
    public const int MaxStepLength = 500;
    public const int MaxDescriptionLength = 500;

    /// <summary>The fields of a rubric.</summary>
    public static IReadOnlyList<string> Fields { get; } = ["name", "criteria", "steps", "scale", "needs", "threshold", "weight", "description"];

    /// <summary>The inputs a rubric may need, in their canonical order.</summary>
    public static IReadOnlyList<string> Inputs { get; } = ["question", "answer", "contexts", "ground_truth"];

    [GeneratedRegex("^[a-z][a-z0-9_]{1,39}$")]
    public static partial Regex NamePattern();

    /// <summary>The <c>rubrics</c> field of <paramref name="root"/>: null when absent; null with errors when unusable.</summary>
    public static IReadOnlyList<RubricDefinition>? ReadList(JsonElement root, Action<string, string> error)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rubrics", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array)
        {
            error("rubrics", "must be an array of rubric objects, such as [{\"name\": \"politeness\", \"criteria\": \"...\", \"scale\": \"1-5\"}]");
            return null;
        }

        if (value.GetArrayLength() > MaxRubrics)
        {
            error("rubrics", $"may hold at most {MaxRubrics} rubrics (got {value.GetArrayLength()}); put shared ones in the server's rubric folder");
            return null;
        }

        var rubrics = new List<RubricDefinition>();
        var ok = true;
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var field = $"rubrics[{index.ToString(CultureInfo.InvariantCulture)}]";
            var rubric = Read(item, field, error);
            if (rubric is null)
            {
                ok = false;
            }
            else if (rubrics.Any(r => r.Name == rubric.Name))
            {
                error(field + ".name", $"'{rubric.Name}' is defined twice in this request");
                ok = false;
            }
            else
            {
                rubrics.Add(rubric);
            }

            index++;
        }

        return ok ? rubrics : null;
    }

    /// <summary>One rubric object; <paramref name="field"/> prefixes the names of its faults ("" for a rubric file).</summary>
    public static RubricDefinition? Read(JsonElement element, string field, Action<string, string> error)
    {
        var prefix = field.Length == 0 ? "" : field + ".";
        if (element.ValueKind != JsonValueKind.Object)
        {
            error(field.Length == 0 ? "body" : field, "must be a rubric object with at least 'name', 'criteria' and 'scale'");
            return null;
        }

        var faults = 0;
        void Fault(string name, string message)
        {
            faults++;
            error(prefix + name, message);
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!Fields.Contains(property.Name))
            {
                Fault(property.Name, $"is not a rubric field; a rubric has {string.Join(", ", Fields)}");
            }
        }

        var name = Text(element, "name", 40, required: true, Fault);
        if (name is not null && !NamePattern().IsMatch(name))
        {
            Fault("name", "must be 2-40 characters of lowercase letters, digits and '_', starting with a letter (such as 'politeness')");
        }

        var criteria = Text(element, "criteria", MaxCriteriaLength, required: true, Fault);
        var description = Text(element, "description", MaxDescriptionLength, required: false, Fault);
        var steps = ReadSteps(element, Fault);
        RubricScale? scale = null;
        if (!element.TryGetProperty("scale", out var scaleValue) || scaleValue.ValueKind == JsonValueKind.Null)
        {
            Fault("scale", "is required: \"binary\", \"1-5\", \"1-10\" or {\"labels\": [\"poor\", \"fair\", \"good\"]}");
        }
        else
        {
            scale = ReadScale(scaleValue, prefix + "scale", error);
            if (scale is null) faults++;
        }

        var needs = ReadNeeds(element, Fault);
        var threshold = Number(element, "threshold", 0, 1, "a share from 0 to 1, the mean a run must reach (such as 0.7)", Fault);
        var weight = Number(element, "weight", 0, double.MaxValue, "a non-negative number (1 when absent)", Fault);

        if (faults > 0) return null;
        return new RubricDefinition
        {
            Name = name!,
            Criteria = criteria!.Trim(),
            Steps = steps,
            Scale = scale!,
            Needs = needs,
            Threshold = threshold,
            Weight = weight ?? 1,
            Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
        };
    }

    /// <summary>A scale: <c>"binary"</c>, <c>"1-5"</c>, <c>"1-10"</c> or <c>{"labels": [...]}</c>; null after naming the fault.</summary>
    public static RubricScale? ReadScale(JsonElement value, string field, Action<string, string> error)
    {
        const string Expected = "must be \"binary\", \"1-5\", \"1-10\" or {\"labels\": [\"poor\", \"fair\", \"good\"]} (labels worst first)";
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!.Trim();
            if (RubricScale.Named.FirstOrDefault(s => s.Kind == text) is { } named) return named;
            error(field, $"{Expected}; got \"{(text.Length <= 40 ? text : text[..40] + "…")}\"");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("labels", out var labels) || labels.ValueKind != JsonValueKind.Array)
        {
            error(field, Expected);
            return null;
        }

        if (value.EnumerateObject().Any(p => p.Name != "labels"))
        {
            error(field, "a label scale has only 'labels': {\"labels\": [\"poor\", \"fair\", \"good\"]}");
            return null;
        }

        var names = new List<string>();
        foreach (var label in labels.EnumerateArray())
        {
            if (label.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(label.GetString()) || label.GetString()!.Trim().Length > RubricScale.MaxLabelLength)
            {
                error(field + ".labels", $"each label must be a non-blank string of at most {RubricScale.MaxLabelLength} characters");
                return null;
            }

            names.Add(label.GetString()!.Trim());
        }

        if (names.Count is < RubricScale.MinLabels or > RubricScale.MaxLabels)
        {
            error(field + ".labels", $"must hold {RubricScale.MinLabels} to {RubricScale.MaxLabels} labels, worst first (got {names.Count})");
            return null;
        }

        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            error(field + ".labels", "must not repeat a label");
            return null;
        }

        return RubricScale.FromLabels(names);
    }

    private static IReadOnlyList<string>? ReadSteps(JsonElement element, Action<string, string> fault)
    {
        if (!element.TryGetProperty("steps", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is 0 or > MaxSteps
            || value.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(s.GetString()) || s.GetString()!.Length > MaxStepLength))
        {
            fault("steps", $"must be 1 to {MaxSteps} non-blank strings of at most {MaxStepLength} characters, or left out for the judge to write them from the criteria");
            return null;
        }

        return [.. value.EnumerateArray().Select(s => s.GetString()!.Trim())];
    }

    private static IReadOnlyList<string> ReadNeeds(JsonElement element, Action<string, string> fault)
    {
        if (!element.TryGetProperty("needs", out var value) || value.ValueKind == JsonValueKind.Null) return RubricDefinition.DefaultNeeds;
        var expected = $"must be a non-empty array of {string.Join(", ", Inputs)}";
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            fault("needs", expected);
            return RubricDefinition.DefaultNeeds;
        }

        var needs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateArray())
        {
            var need = item.ValueKind == JsonValueKind.String ? item.GetString()! : "";
            if (!Inputs.Contains(need))
            {
                fault("needs", $"{expected}; '{(item.ValueKind == JsonValueKind.String ? need : item.ValueKind.ToString().ToLowerInvariant())}' is none of them");
                return RubricDefinition.DefaultNeeds;
            }

            needs.Add(need);
        }

        return [.. Inputs.Where(needs.Contains)];
    }

    private static string? Text(JsonElement element, string name, int maxLength, bool required, Action<string, string> fault)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) fault(name, "is required");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            fault(name, $"must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}");
            return null;
        }

        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            fault(name, "must not be blank");
            return null;
        }

        if (text.Trim().Length > maxLength)
        {
            fault(name, $"must be at most {maxLength} characters (got {text.Trim().Length})");
            return null;
        }

        return text.Trim();
    }

    private static double? Number(JsonElement element, string name, double min, double max, string expected, Action<string, string> fault)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) && number >= min && number <= max) return number;
        fault(name, $"must be {expected}");
        return null;
    }
}
