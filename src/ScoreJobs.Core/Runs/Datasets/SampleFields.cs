using ScoreJobs.Requests;
using System.Collections.Frozen;

namespace ScoreJobs.Runs.Datasets;

/// <summary>The field names a sample may use, in every format (JSON properties, JSONL properties, CSV columns).</summary>
internal static class SampleFields
{
    public const string Id = "id";
    public const int MaxIdLength = 128;

    /// <summary>A sample's label: <c>{"scores": {metric: 0-1}, "rating": "good"|"bad"}</c>, as a person's label is written.</summary>
    public const string Labels = "labels";

    /// <summary>RAGAS names and Dify's <c>query</c>, accepted for ours.</summary>
    public static FrozenDictionary<string, string> Aliases => ScoreRequestReader.Aliases;

    /// <summary>Fields a sample has beyond a score request's.</summary>
    public static readonly FrozenSet<string> Own = new[] { Id, Labels }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The plain-text fields of a sample, under our names and the RAGAS ones (metadata is not plain text).</summary>
    public static readonly FrozenSet<string> Text =
        new[] { Id, "question", "answer", "contexts", "ground_truth" }.Concat(Aliases.Keys).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Score request fields that a run sets once for all its samples, so a sample must not carry them.</summary>
    public static readonly FrozenSet<string> RunLevel =
        new[] { "metrics", "weights", "judge_model", "embedding_model", "callback_url", "cache", "repeats", "rubrics" }.ToFrozenSet(StringComparer.Ordinal);
}
