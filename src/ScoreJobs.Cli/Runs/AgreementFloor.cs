using System.Globalization;

namespace ScoreJobs.Cli.Runs;

/// <summary>
/// <c>--min-agreement METRIC=kappa:0.6</c> (or <c>spearman:</c>): the least agreement with the run's labelled samples the
/// judge must show on a metric before the run's thresholds are believed.
/// </summary>
internal sealed record AgreementFloor(string Metric, string Figure, double Floor)
{
    public const string Kappa = "kappa";
    public const string Spearman = "spearman";
    private const string Example = "--min-agreement faithfulness=kappa:0.6";

    public static AgreementFloor Parse(string text)
    {
        var at = text.IndexOf('=', StringComparison.Ordinal);
        var metric = at > 0 ? text[..at].Trim() : "";
        var rest = at > 0 ? text[(at + 1)..].Trim() : "";
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var figure = colon > 0 ? rest[..colon].Trim().ToLowerInvariant() : "";
        if (metric.Length == 0 || figure is not (Kappa or Spearman))
        {
            throw new CliException($"--min-agreement takes METRIC=kappa:FLOOR or METRIC=spearman:FLOOR, as in {Example}, not \"{text}\".");
        }

        if (!double.TryParse(rest[(colon + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var floor) || double.IsNaN(floor) || floor is < -1 or > 1)
        {
            throw new CliException($"--min-agreement {text}: the floor must be a number from -1 to 1, as in {Example}.");
        }

        return new AgreementFloor(metric, figure, floor);
    }

    /// <summary>The sentence saying why the run's agreement misses this floor, or null when it meets it.</summary>
    public string? Miss(RunRecord run)
    {
        var agreement = run.Agreement?.GetValueOrDefault(Metric);
        var n = agreement?.N ?? 0;
        var value = Figure == Kappa ? agreement?.Kappa : agreement?.Spearman;
        if (value is null)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"the judge's {Figure} with people on {Metric} cannot be computed (n = {n} labelled samples) against the floor {Floor:0.00}");
        }

        return value < Floor
            ? string.Create(CultureInfo.InvariantCulture, $"the judge's {Figure} with people on {Metric} is {value:0.000} over n = {n} labelled samples, below the floor {Floor:0.00}")
            : null;
    }
}
