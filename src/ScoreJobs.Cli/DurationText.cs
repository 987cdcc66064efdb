using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ScoreJobs.Cli;

/// <summary>Durations as people type and read them: <c>2h</c>, <c>1h30m</c>, <c>90s</c>, <c>45m</c>.</summary>
internal static partial class DurationText
{
    public static TimeSpan Parse(string text, string option)
    {
        var trimmed = text.Trim();
        var match = Pattern().Match(trimmed);
        if (trimmed.Length > 0 && match.Success)
        {
            var total = TimeSpan.Zero;
            foreach (Capture part in match.Groups["part"].Captures)
            {
                var value = double.Parse(part.Value[..^1], CultureInfo.InvariantCulture);
                total += char.ToLowerInvariant(part.Value[^1]) switch
                {
                    'h' => TimeSpan.FromHours(value),
                    'm' => TimeSpan.FromMinutes(value),
                    _ => TimeSpan.FromSeconds(value),
                };
            }
            if (total > TimeSpan.Zero) return total;
        }
        // hh:mm:ss only: a bare "10" would otherwise be ten days.
        if (trimmed.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero) return span;
        throw new CliException($"{option} takes a duration such as 2h, 30m, 90s or 1h30m, not \"{text}\".");
    }

    /// <summary>The largest two units: <c>1h05m</c>, <c>4m10s</c>, <c>12s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero) duration = TimeSpan.Zero;
        var text = new StringBuilder();
        if (duration.TotalHours >= 1) return text.Append(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h{duration.Minutes:00}m").ToString();
        if (duration.TotalMinutes >= 1) return text.Append(CultureInfo.InvariantCulture, $"{duration.Minutes}m{duration.Seconds:00}s").ToString();
        return text.Append(CultureInfo.InvariantCulture, $"{Math.Ceiling(duration.TotalSeconds)}s").ToString();
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?[hms])+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
