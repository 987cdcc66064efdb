namespace ScoreJobs.Metrics.Offline;

/// <summary>The outcomes and reason texts the offline metrics share.</summary>
internal static class OfflineReasons
{
    /// <summary>
    /// Scores a pair of texts of which at least one has no token after normalisation: 1 when both are empty
    /// (they agree), 0 when only one is. Returns null when both have tokens.
    /// </summary>
    public static MetricResult? Empty(int firstCount, string firstName, int secondCount, string secondName) =>
        (firstCount, secondCount) switch
        {
            (0, 0) => MetricResult.Ok(1, $"neither the {firstName} nor the {secondName} has a token left after normalisation"),
            (0, _) => MetricResult.Ok(0, $"nothing is left of the {firstName} after normalisation"),
            (_, 0) => MetricResult.Ok(0, $"nothing is left of the {secondName} after normalisation"),
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
}
