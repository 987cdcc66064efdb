using System.Globalization;

namespace ScoreJobs.Metrics.Offline;

/// <summary>
/// The outcomes and reason texts the offline metrics share. Each reason is also given as a code with parameters
/// (<see cref="MetricResult.ReasonCode"/>), so the records page can say it in the reader's language.
/// </summary>
internal static class OfflineReasons
{
    /// <summary>A score with its English reason and the same reason as a code and parameters.</summary>
    public static MetricResult Ok(double score, string reason, string code, params IEnumerable<(string Name, object Value)> parameters) =>
        MetricResult.Ok(score, reason) with
        {
            ReasonCode = code,
            ReasonParams = parameters.ToDictionary(p => p.Name, p => Format(p.Value), StringComparer.Ordinal),
        };

    /// <summary>
    /// Scores a pair of texts of which at least one has no token after normalisation: 1 when both are empty
    /// (they agree), 0 when only one is. Returns null when both have tokens.
    /// </summary>
    public static MetricResult? Empty(int firstCount, string firstName, int secondCount, string secondName) =>
        (firstCount, secondCount) switch
        {
            (0, 0) => Ok(1, $"neither the {firstName} nor the {secondName} has a token left after normalisation", "empty_both", ("first", firstName), ("second", secondName)),
            (0, _) => Ok(0, $"nothing is left of the {firstName} after normalisation", "empty_one", ("text", firstName)),
            (_, 0) => Ok(0, $"nothing is left of the {secondName} after normalisation", "empty_one", ("text", secondName)),
            _ => null,
        };

    /// <summary>"" or a clause saying which texts were cut to their first <paramref name="limit"/> units.</summary>
    public static string Capped(bool answerCapped, bool referenceCapped, int limit, string unit) =>
        (answerCapped, referenceCapped) switch
        {
            (true, true) => $"; only the first {limit:N0} {unit} of the answer and of the reference were compared",
            (true, false) => $"; only the first {limit:N0} {unit} of the answer were compared",
            (false, true) => $"; only the first {limit:N0} {unit} of the reference were compared",
            _ => "",
        };

    /// <summary>The <see cref="Capped"/> clause as parameters: <c>capped</c> (answer, reference or both), <c>cap</c>, <c>cap_unit</c>.</summary>
    public static IEnumerable<(string Name, object Value)> CappedParams(bool answerCapped, bool referenceCapped, int limit, string unit) =>
        (answerCapped, referenceCapped) switch
        {
            (false, false) => [],
            _ => [("capped", answerCapped && referenceCapped ? "both" : answerCapped ? "answer" : "reference"), ("cap", limit), ("cap_unit", unit)],
        };

    private static string Format(object value) => value switch
    {
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
