using System.Globalization;
using ScoreJobs.Judge;

namespace ScoreJobs.Storage;

/// <summary>
/// One line of a job's usage log: the attempt and what one judge call (with its retries) spent. Written as a line of
/// space-separated fields rather than JSON so a line torn by a kill mid-append is simply unreadable and skipped.
/// </summary>
public sealed record JudgeUsageEntry(int Attempt, TokenUsage Usage)
{
    public string ToLine() => string.Join(' ',
        "v1",
        Attempt.ToString(CultureInfo.InvariantCulture),
        Usage.JudgeCalls.ToString(CultureInfo.InvariantCulture),
        Usage.PromptTokens.ToString(CultureInfo.InvariantCulture),
        Usage.CompletionTokens.ToString(CultureInfo.InvariantCulture),
        Usage.Cost?.ToString(CultureInfo.InvariantCulture) ?? "-",
        Usage.Currency ?? "-",
        "end") + "\n";

    public static IReadOnlyList<JudgeUsageEntry> Parse(string text)
    {
        var entries = new List<JudgeUsageEntry>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            if (f is not ["v1", var attempt, var calls, var prompt, var completion, var cost, var currency, "end"]) continue;
            if (!int.TryParse(attempt, NumberStyles.None, CultureInfo.InvariantCulture, out var a)
                || !int.TryParse(calls, NumberStyles.None, CultureInfo.InvariantCulture, out var c)
                || !long.TryParse(prompt, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                || !long.TryParse(completion, NumberStyles.None, CultureInfo.InvariantCulture, out var o)) continue;
            decimal? price = decimal.TryParse(cost, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;
            var money = currency == "-" ? null : currency;
            entries.Add(new JudgeUsageEntry(a, new TokenUsage(c, p, o)
            {
                Cost = price,
                Currency = money,
                Unpriced = price is null && money is not null && p + o > 0,
            }));
        }

        return entries;
    }

    /// <summary>
    /// What the attempts other than <paramref name="finishing"/> spent: they never finished, so it was redone. Other, not
    /// only earlier: an attempt that took the job over while the finishing one still scored has paid for calls too.
    /// </summary>
    public static TokenUsage RedoneBesides(IEnumerable<JudgeUsageEntry> entries, int finishing) =>
        TokenUsage.Redone(entries.Where(e => e.Attempt != finishing).Aggregate(TokenUsage.Zero, (sum, e) => sum + e.Usage));
}
