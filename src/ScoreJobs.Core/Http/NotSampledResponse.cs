namespace ScoreJobs.Http;

/// <summary>
/// The 200 body of <c>POST /api/score/async</c> for a call sampling left out: nothing was stored, and no job id exists.
/// </summary>
public sealed record NotSampledResponse(string Status = "not_sampled", bool Sampled = false);
