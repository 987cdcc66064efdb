namespace ScoreJobs.Runs;

/// <summary>A run's samples per status; they add up to the run's sample count.</summary>
public sealed record RunCounts(long Queued, long Running, long Completed, long Failed, long Cancelled)
{
    /// <summary>Samples that have ended, one way or another.</summary>
    public long Done => Completed + Failed + Cancelled;
}
