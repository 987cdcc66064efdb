using System.Globalization;

namespace ScoreJobs.Cli.Rendering;

/// <summary>How numbers read in tables: scores to three places, "-" for none, counts with separators.</summary>
internal static class Numbers
{
    public const string None = "-";

    public static string Score(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : None;

    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : None;

    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary><c>1 sample</c>, <c>12 samples</c>.</summary>
    public static string Samples(long count) => count == 1 ? "1 sample" : $"{Count(count)} samples";

    /// <summary>A signed change: <c>+0.034</c>, <c>-0.050</c>, <c>0.000</c>.</summary>
    public static string Delta(double value) => value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
}
