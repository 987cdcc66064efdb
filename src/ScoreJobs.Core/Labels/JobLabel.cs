namespace ScoreJobs.Labels;

/// <summary>
/// A person's judgment of one job: per-metric scores in [0,1], an overall good/bad rating, and a note, each optional
/// but not all absent. One per rater per job; labels never change the judge's scores.
/// </summary>
public sealed record JobLabel
{
    /// <summary>The rater a dataset's own labels are stored under.</summary>
    public const string DatasetRater = "dataset";

    public required string Rater { get; init; }
    public IReadOnlyDictionary<string, double>? Scores { get; init; }

    /// <summary><c>good</c> or <c>bad</c> (Dify's <c>like</c>/<c>dislike</c> are read as these).</summary>
    public string? Rating { get; init; }
    public string? Note { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
