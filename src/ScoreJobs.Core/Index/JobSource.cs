namespace ScoreJobs.Index;

/// <summary>Where jobs came from, as the list and stats filter them (<c>source=live|run</c>).</summary>
public enum JobSource
{
    /// <summary>Submitted one by one (POST /api/score/async or /api/score): no run_id.</summary>
    Live,

    /// <summary>Jobs of dataset runs: a run_id.</summary>
    Run,
}
