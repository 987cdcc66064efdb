namespace ScoreJobs.Judge.Batch;

/// <summary>
/// What an ended batch gave: how many replies went into the response cache, and the requests that got none (a line
/// in the error file, an error status, or a reply the cache would not keep), with the first reason seen.
/// </summary>
internal sealed record BatchFill(int Stored, IReadOnlyList<string> Unanswered, string? FirstError);
