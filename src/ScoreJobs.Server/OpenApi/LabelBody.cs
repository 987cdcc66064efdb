namespace ScoreJobs.Server.OpenApi;

/// <summary>
/// The body of <c>PUT /api/score/jobs/{job_id}/labels/{rater}</c> as the document shows it: each part optional, not all
/// absent; <c>rating</c> is good or bad (like and dislike are read as these). The handler reads the body itself.
/// </summary>
internal sealed record LabelBody
{
    /// <summary>A person's score per metric (or weighted_score), 0 to 1.</summary>
    public IReadOnlyDictionary<string, double>? Scores { get; init; }

    /// <summary>good or bad (Dify's like and dislike work too).</summary>
    public string? Rating { get; init; }

    /// <summary>Why, in the rater's words.</summary>
    public string? Note { get; init; }
}
