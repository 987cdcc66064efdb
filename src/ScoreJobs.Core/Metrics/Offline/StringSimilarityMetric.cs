using System.Buffers;
using System.Globalization;
using System.Text;
using ScoreJobs.Requests;
using ScoreJobs.Text;

namespace ScoreJobs.Metrics.Offline;

/// <summary>
/// <c>string_similarity</c>: 1 - d / max(|a|, |b|), where d is the Levenshtein distance between the normalised
/// answer and ground truth (<see cref="TextTokenizer.Join"/> of their tokens) counted in text elements
/// (user-perceived characters: "é" or "👍🏽" is one). Only the first <see cref="MaxCharacters"/> characters of
/// each text are compared, which bounds the quadratic distance; the reason says when that happened.
/// Both empty after normalisation scores 1, one empty 0.
/// </summary>
internal sealed class StringSimilarityMetric : Metric
{
    /// <summary>How many characters (text elements) of each normalised text the distance considers.</summary>
    public const int MaxCharacters = 4_000;

    // Text elements of one code point are numbered by it; longer ones (a letter with marks) from here on.
    private const int FirstClusterId = 0x110000;

    public override MetricDefinition Definition { get; } = new(
        MetricNames.StringSimilarity, MetricInputs.Answer | MetricInputs.GroundTruth, NeedsJudge: false, DefaultWeight: 1.0,
        "Normalised Levenshtein similarity of the answer and the ground truth, per character.");

    public override ValueTask<MetricResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<MetricResult>(cancellationToken);
        return ValueTask.FromResult(Score(request.Answer, request.GroundTruth));
    }

    private static MetricResult Score(string? answer, string? reference)
    {
        var clusters = new Dictionary<string, int>(StringComparer.Ordinal);
        var answerCharacters = Characters(answer, clusters, out var answerCapped);
        var referenceCharacters = Characters(reference, clusters, out var referenceCapped);
        if (OfflineReasons.Empty(answerCharacters.Length, "answer", referenceCharacters.Length, "reference") is { } empty) return empty;

        var distance = EditDistance.Levenshtein(answerCharacters, referenceCharacters);
        var longer = Math.Max(answerCharacters.Length, referenceCharacters.Length);
        var capped = OfflineReasons.Capped(answerCapped, referenceCapped, MaxCharacters, "characters");
        return OfflineReasons.Ok(1 - ((double)distance / longer),
            $"edit distance {distance} over {longer} characters ({answerCharacters.Length} in the answer, {referenceCharacters.Length} in the reference){capped}",
            "string_similarity_distance",
            [("distance", distance), ("longer", longer), ("answer_chars", answerCharacters.Length), ("reference_chars", referenceCharacters.Length),
            .. OfflineReasons.CappedParams(answerCapped, referenceCapped, MaxCharacters, "characters")]);
    }

    // The normalised text's first MaxCharacters text elements, numbered so that equal elements get equal numbers.
    private static int[] Characters(string? text, Dictionary<string, int> clusters, out bool capped)
    {
        // Every token is at least one text element, so MaxCharacters tokens are enough.
        var normalised = TextTokenizer.Join(TextTokenizer.Tokenize(text, MaxCharacters, out capped)).AsSpan();
        var lookup = clusters.GetAlternateLookup<ReadOnlySpan<char>>();
        var characters = new List<int>(Math.Min(normalised.Length, MaxCharacters));
        while (!normalised.IsEmpty)
        {
            if (characters.Count == MaxCharacters)
            {
                capped = true;
                break;
            }

            var length = StringInfo.GetNextTextElementLength(normalised);
            var element = normalised[..length];
            if (Rune.DecodeFromUtf16(element, out var rune, out var consumed) == OperationStatus.Done && consumed == length)
            {
                characters.Add(rune.Value);
            }
            else
            {
                if (!lookup.TryGetValue(element, out var id))
                {
                    id = FirstClusterId + clusters.Count;
                    lookup[element] = id;
                }

                characters.Add(id);
            }

            normalised = normalised[length..];
        }

        return [.. characters];
    }
}
