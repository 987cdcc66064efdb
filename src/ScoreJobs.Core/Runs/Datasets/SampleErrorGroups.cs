using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ScoreJobs.Requests;

namespace ScoreJobs.Runs.Datasets;

/// <summary>
/// Collects the errors of a run's samples and writes identical ones once, over ranges of where they are:
/// <c>rows 2-51, 60.ground_truth: is required</c> instead of fifty lines. Samples named otherwise than by position
/// (a sample id) are listed as they are. At most <paramref name="maxGroups"/> groups are written, then a count of the rest.
/// </summary>
internal sealed partial class SampleErrorGroups(int maxGroups)
{
    private readonly Dictionary<(string Kind, string Field, string Message), List<int>> _groups = [];
    private readonly List<(string Kind, string Field, string Message)> _order = [];
    private readonly HashSet<string> _badSamples = new(StringComparer.Ordinal);

    public int BadSamples => _badSamples.Count;

    /// <summary>One error of the sample at <paramref name="where"/> (<c>row 5</c>, <c>line 4</c>, <c>samples[3]</c>, <c>sample abc</c>).</summary>
    public void Add(string where, string field, string message)
    {
        _badSamples.Add(where);
        var match = Position().Match(where);
        var (kind, number) = match.Success
            ? (match.Groups["kind"].Value is { Length: > 0 } k ? k : "samples[]", int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture))
            : (where, 0);
        var key = (kind, field, message);
        if (!_groups.TryGetValue(key, out var positions))
        {
            _groups[key] = positions = [];
            _order.Add(key);
        }

        positions.Add(number);
    }

    public void WriteTo(RequestErrors errors)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in _order.Take(maxGroups))
        {
            var (label, samples) = Label(key.Kind, _groups[key]);
            listed.UnionWith(samples);
            errors.Add(key.Field.Length == 0 ? label : $"{label}.{key.Field}", key.Message);
        }

        var unlisted = _badSamples.Count(s => !listed.Contains(s));
        if (_order.Count > maxGroups && unlisted > 0)
        {
            errors.Add("samples", $"and {unlisted} more samples have other errors (only the first {maxGroups} kinds are listed)");
        }
    }

    /// <summary>The label of a group (<c>rows 2-4, 7</c>) and the samples it covers, as <see cref="Add"/> named them.</summary>
    private static (string Label, IEnumerable<string> Samples) Label(string kind, List<int> positions)
    {
        if (kind is not ("row" or "line" or "samples[]")) return (kind, [kind]);

        var sorted = positions.Distinct().Order().ToList();
        var ranges = new StringBuilder();
        for (var i = 0; i < sorted.Count; i++)
        {
            var start = sorted[i];
            while (i + 1 < sorted.Count && sorted[i + 1] == sorted[i] + 1) i++;
            if (ranges.Length > 0) ranges.Append(", ");
            ranges.Append(start.ToString(CultureInfo.InvariantCulture));
            if (sorted[i] != start) ranges.Append('-').Append(sorted[i].ToString(CultureInfo.InvariantCulture));
        }

        var names = sorted.Select(n => kind == "samples[]" ? $"samples[{n}]" : $"{kind} {n}");
        return kind switch
        {
            "samples[]" => ($"samples[{ranges}]", names),
            _ when sorted.Count == 1 => ($"{kind} {ranges}", names),
            _ => ($"{kind}s {ranges}", names),
        };
    }

    [GeneratedRegex(@"^(?:(?<kind>row|line) (?<n>\d{1,9})|samples\[(?<n>\d{1,9})\])$")]
    private static partial Regex Position();
}
