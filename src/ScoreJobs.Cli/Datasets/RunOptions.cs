using System.Globalization;

namespace ScoreJobs.Cli.Datasets;

/// <summary>The run's settings from the command line, checked; sent in the query (JSONL, CSV) or the body (JSON).</summary>
internal sealed record RunOptions
{
    public string? Name { get; init; }
    public IReadOnlyList<string>? Metrics { get; init; }
    public IReadOnlyList<KeyValuePair<string, double>> Thresholds { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, double>> Weights { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];
    public bool Batch { get; init; }

    /// <summary>False: the judge scores afresh, neither reading nor writing its response cache.</summary>
    public bool Cache { get; init; } = true;

    public static RunOptions Parse(string? name, string? metrics, IEnumerable<string> thresholds, IEnumerable<string> weights,
        IEnumerable<string> tags, bool batch, bool noCache) => new()
    {
        Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
        Metrics = ParseMetrics(metrics),
        Thresholds = Distinct("--threshold", thresholds.Select(t => ParseNumber("--threshold", t, "token_f1=0.8", 0, 1))),
        Weights = Distinct("--weight", weights.Select(w => ParseNumber("--weight", w, "token_f1=2", 0, double.MaxValue))),
        Tags = Distinct("--tag", tags.Select(ParseTag)),
        Batch = batch,
        Cache = !noCache,
    };

    private static List<string>? ParseMetrics(string? metrics)
    {
        if (metrics is null) return null;
        var names = metrics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        return names.Count > 0 ? names : throw new CliException("--metrics takes metric names separated by commas, such as exact_match,token_f1.");
    }

    private static KeyValuePair<string, double> ParseNumber(string option, string text, string example, double min, double max)
    {
        var (name, value) = Split(option, text, example);
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || double.IsNaN(number) || number < min || number > max)
        {
            var range = max == double.MaxValue ? $"a number of at least {min}" : $"a number from {min} to {max}";
            throw new CliException($"{option} {text}: the value must be {range}, as in {option} {example}.");
        }
        return new(name, number);
    }

    private static KeyValuePair<string, string> ParseTag(string text)
    {
        var (key, value) = Split("--tag", text, "app=faq-bot");
        return new(key, value);
    }

    /// <summary><c>name=value</c>, or <c>name:value</c> as the query writes it.</summary>
    private static (string Name, string Value) Split(string option, string text, string example)
    {
        var at = text.IndexOfAny(['=', ':']);
        if (at <= 0 || text[..at].Trim().Length == 0)
            throw new CliException($"{option} takes NAME=VALUE, as in {option} {example}, not \"{text}\".");
        return (text[..at].Trim(), text[(at + 1)..].Trim());
    }

    private static List<KeyValuePair<string, T>> Distinct<T>(string option, IEnumerable<KeyValuePair<string, T>> pairs)
    {
        var list = pairs.ToList();
        var repeated = list.GroupBy(p => p.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new CliException($"{option} names {repeated.Key} more than once.");
        return list;
    }
}
