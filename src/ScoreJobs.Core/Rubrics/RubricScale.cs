using System.Globalization;
using System.Text.Json.Serialization;

namespace ScoreJobs.Rubrics;

/// <summary>
/// How a rubric is rated: <c>binary</c> (0 or 1), <c>1-5</c>, <c>1-10</c>, or named labels, worst first. The judge
/// always answers with a whole number (a label by its 1-based position), so every scale is weighted by
/// log-probabilities the same way. On the wire a scale is its name, or <c>{"labels": [...]}</c>.
/// </summary>
[JsonConverter(typeof(RubricScaleJsonConverter))]
public sealed class RubricScale
{
    public const int MinLabels = 2;
    public const int MaxLabels = 10;
    public const int MaxLabelLength = 40;

    private RubricScale(string kind, int min, int max, IReadOnlyList<string>? labels)
    {
        Kind = kind;
        Min = min;
        Max = max;
        Labels = labels;
    }

    public static RubricScale Binary { get; } = new("binary", 0, 1, null);

    public static RubricScale OneToFive { get; } = new("1-5", 1, 5, null);

    public static RubricScale OneToTen { get; } = new("1-10", 1, 10, null);

    /// <summary>The wire names of the numeric scales.</summary>
    public static IReadOnlyList<RubricScale> Named { get; } = [Binary, OneToFive, OneToTen];

    /// <summary>Labels, worst first; the judge answers 1 for the first.</summary>
    public static RubricScale FromLabels(IReadOnlyList<string> labels) => new("labels", 1, labels.Count, [.. labels]);

    /// <summary><c>binary</c>, <c>1-5</c>, <c>1-10</c> or <c>labels</c>.</summary>
    public string Kind { get; }

    /// <summary>The lowest whole number the judge may answer.</summary>
    public int Min { get; }

    /// <summary>The highest whole number the judge may answer.</summary>
    public int Max { get; }

    /// <summary>The labels of a label scale, worst first; null otherwise.</summary>
    public IReadOnlyList<string>? Labels { get; }

    public bool Contains(double answer) => double.IsFinite(answer) && answer == Math.Floor(answer) && answer >= Min && answer <= Max;

    /// <summary>An answer (or a probability-weighted mean of answers) mapped onto [0,1].</summary>
    public double Normalise(double answer) => Math.Clamp((answer - Min) / (Max - Min), 0, 1);

    /// <summary>The label of a whole-number answer on a label scale; the number itself otherwise.</summary>
    public string Describe(int answer) =>
        Labels is { } labels && answer >= 1 && answer <= labels.Count ? labels[answer - 1] : answer.ToString(CultureInfo.InvariantCulture);

    /// <summary>What the judge is told the answer must be.</summary>
    public string Instructions() => Kind switch
    {
        "binary" => "Answer 1 when the answer meets the criteria, 0 when it does not.",
        "labels" => "Answer with the number of the label that fits best, from the worst (1) to the best (" +
            Max.ToString(CultureInfo.InvariantCulture) + "): " +
            string.Join("; ", Labels!.Select((label, i) => $"{(i + 1).ToString(CultureInfo.InvariantCulture)} = {label}")) + ".",
        _ => $"Answer with a whole number from {Min.ToString(CultureInfo.InvariantCulture)} (does not meet the criteria at all) " +
            $"to {Max.ToString(CultureInfo.InvariantCulture)} (meets them fully).",
    };

    public override string ToString() => Labels is null ? Kind : "labels: " + string.Join(" / ", Labels);
}
