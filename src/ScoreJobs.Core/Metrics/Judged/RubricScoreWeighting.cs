using System.Globalization;
using System.Text.RegularExpressions;
using ScoreJobs.Judge;
using ScoreJobs.Rubrics;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// G-Eval's probability-weighted score: at the token where the judge wrote its score, the alternatives the endpoint
/// reports are read as answers on the scale, and the answer is their mean weighted by probability (renormalised over
/// the alternatives that are answers). A 4 written with 60% against a 5 with 40% is 4.4, not 4.
/// </summary>
internal static partial class RubricScoreWeighting
{
    /// <summary>
    /// The weighted answer, or null when the tokens do not show the score (no <c>"score":</c>, a number split over tokens,
    /// no alternative on the scale) or disagree with <paramref name="plainAnswer"/>: then the plain answer stands.
    /// </summary>
    public static double? WeightedAnswer(IReadOnlyList<JudgeTokenLogprob> tokens, RubricScale scale, double plainAnswer)
    {
        var text = string.Concat(tokens.Select(t => t.Token));
        var match = ScoreProperty().Match(text);
        if (!match.Success) return null;

        var offset = 0;
        foreach (var token in tokens)
        {
            var end = offset + token.Token.Length;
            if (end > match.Index + match.Length)
            {
                if (AnswerOf(token.Token, scale) != plainAnswer) return null;
                var alternatives = token.Top.Append((token.Token, token.Logprob))
                    .Select(a => (Answer: AnswerOf(a.Item1, scale), Probability: Math.Exp(a.Item2)))
                    .Where(a => a.Answer is not null)
                    .DistinctBy(a => a.Answer)
                    .ToList();
                var total = alternatives.Sum(a => a.Probability);
                if (total <= 0 || !double.IsFinite(total)) return null;
                return alternatives.Sum(a => a.Answer!.Value * a.Probability) / total;
            }

            offset = end;
        }

        return null;
    }

    // A token holding a whole answer on the scale ("4", " 4", "4}"); a number cut short ("1" of "10") reads as itself,
    // which the check against the plain answer catches.
    private static double? AnswerOf(string token, RubricScale scale)
    {
        var trimmed = token.Trim().TrimStart(':').Trim().TrimEnd('}', ',', ' ', '\n');
        return int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var answer) && scale.Contains(answer) ? answer : null;
    }

    [GeneratedRegex("\"score\"\\s*:\\s*")]
    private static partial Regex ScoreProperty();
}
