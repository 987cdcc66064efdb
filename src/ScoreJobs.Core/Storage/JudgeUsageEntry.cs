using System.Globalization;
using ScoreJobs.Judge;

namespace ScoreJobs.Storage;

/// <summary>
/// One line of a job's usage log: the attempt and what one judge call (with its retries) spent. Written as a line of
/// space-separated fields rather than JSON so a line torn by a kill mid-append is simply unreadable and skipped.
/// A call's line is written as it goes out (one call); a line with its tokens, or with no tokens for a failed reply,
/// once a reply came back (one reply read). "v1" lines, written before replies were logged, have no replies field: their
/// token lines count as one reply each.
/// </summary>
public sealed record JudgeUsageEntry(int Attempt, TokenUsage Usage)
{
    public string ToLine() => string.Join(' ',
        "v2",
        Attempt.ToString(CultureInfo.InvariantCulture),
        Usage.JudgeCalls.ToString(CultureInfo.InvariantCulture),
        Usage.PromptTokens.ToString(CultureInfo.InvariantCulture),
        Usage.CompletionTokens.ToString(CultureInfo.InvariantCulture),
        Usage.Cost?.ToString(CultureInfo.InvariantCulture) ?? "-",
        Usage.Currency ?? "-",
        Usage.RepliesRead.ToString(CultureInfo.InvariantCulture),
        "end") + "\n";

    public static IReadOnlyList<JudgeUsageEntry> Parse(string text)
    {
        var entries = new List<JudgeUsageEntry>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            var (attempt, calls, prompt, completion, cost, currency, replies) = f switch
            {
                ["v2", var at, var ca, var pr, var co, var pc, var cu, var re, "end"] => (at, ca, pr, co, pc, cu, re),
                ["v1", var at, var ca, var pr, var co, var pc, var cu, "end"] => (at, ca, pr, co, pc, cu, null),
                _ => default((string, string, string, string, string, string, string?)),
            };
            if (attempt is null) continue;
            if (!int.TryParse(attempt, NumberStyles.None, CultureInfo.InvariantCulture, out var a)
                || !int.TryParse(calls, NumberStyles.None, CultureInfo.InvariantCulture, out var c)
                || !long.TryParse(prompt, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                || !long.TryParse(completion, NumberStyles.None, CultureInfo.InvariantCulture, out var o)) continue;
            var r = 0;
            if (replies is null) r = c == 0 && p + o > 0 ? 1 : 0;
            else if (!int.TryParse(replies, NumberStyles.None, CultureInfo.InvariantCulture, out r)) continue;
            decimal? price = decimal.TryParse(cost, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;
            var money = currency == "-" ? null : currency;
            entries.Add(new JudgeUsageEntry(a, new TokenUsage(c, p, o)
            {
                Cost = price,
                Currency = money,
                Unpriced = price is null && money is not null && p + o > 0,
                RepliesRead = r,
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

    /// <summary>The calls of every attempt whose reply was never read: sent, less the replies that came back.</summary>
    public static int CutOffCalls(IReadOnlyCollection<JudgeUsageEntry> entries) =>
        Math.Max(0, entries.Sum(e => e.Usage.JudgeCalls) - entries.Sum(e => e.Usage.RepliesRead));
}
