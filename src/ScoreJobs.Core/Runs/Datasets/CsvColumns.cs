using ScoreJobs.Requests;

namespace ScoreJobs.Runs.Datasets;

/// <summary>
/// The columns of a CSV header as they were read: the ones used, and the ones ignored with the field each likely
/// meant (WikiEval's <c>context_v1</c> is probably the contexts), so a dataset that loads is seen to load as meant.
/// </summary>
internal sealed record CsvColumns(IReadOnlyList<string> Read, IReadOnlyList<string> Ignored)
{
    private static readonly (string Word, string Field)[] Words =
    [
        ("context", "contexts"), ("passage", "contexts"), ("document", "contexts"),
        ("truth", "ground_truth"), ("reference", "ground_truth"), ("gold", "ground_truth"), ("expected", "ground_truth"),
        ("question", "question"), ("query", "question"), ("input", "question"), ("prompt", "question"),
        ("answer", "answer"), ("response", "answer"), ("output", "answer"),
    ];

    /// <summary>One sentence for a 400: what was read and what was ignored.</summary>
    public string Describe() =>
        $"read: {(Read.Count == 0 ? "none" : string.Join(", ", Read))}; ignored: {(Ignored.Count == 0 ? "none" : string.Join(", ", Ignored))}";

    /// <summary>An ignored column named with its likely meaning: <c>context_v1 (did you mean contexts, RAGAS retrieved_contexts?)</c>.</summary>
    internal static string Ignore(string header, int index, IReadOnlyCollection<string> read)
    {
        var shown = header.Length == 0 ? $"column {ColumnName(index)} (no name: a pandas index? save with index=False)" : header;
        var meant = FieldNames.NearestTo(header, SampleFieldNames()) is { } near
            ? ScoreRequestReader.Aliases.GetValueOrDefault(near, near)
            : Words.FirstOrDefault(w => header.Contains(w.Word, StringComparison.OrdinalIgnoreCase)).Field;
        if (meant is null || read.Contains(meant) || ScoreRequestReader.Aliases.Any(a => a.Value == meant && read.Contains(a.Key))) return shown;

        var ragas = ScoreRequestReader.Aliases.FirstOrDefault(a => a.Value == meant && a.Key != "query").Key;
        return ragas is null ? $"{shown} (did you mean {meant}?)" : $"{shown} (did you mean {meant}, RAGAS {ragas}?)";
    }

    private static IEnumerable<string> SampleFieldNames() => SampleFields.Text.Where(f => f != SampleFields.Id);

    private static string ColumnName(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) letters = (char)('A' + ((n - 1) % 26)) + letters;
        return letters;
    }
}
