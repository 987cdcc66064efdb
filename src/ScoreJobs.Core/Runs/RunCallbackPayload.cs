namespace ScoreJobs.Runs;

/// <summary>
/// The body of a run's callback, in the Standard Webhooks envelope the jobs' callbacks use: <c>type</c>
/// (<c>score_run.completed</c>, <c>score_run.failed</c> or <c>score_run.cancelled</c>), <c>timestamp</c> (when the run
/// ended) and <c>data</c>, the run record as <c>GET /api/score/runs/{run_id}</c> returned it when the run ended
/// (without its callback state).
/// </summary>
internal sealed record RunCallbackPayload(string Type, DateTimeOffset Timestamp, RunRecord Data)
{
    public static RunCallbackPayload For(RunRecord run) => new(
        "score_run." + run.Status.ToString().ToLowerInvariant(),
        run.FinishedAt ?? run.CreatedAt,
        run with { Callback = null });
}
