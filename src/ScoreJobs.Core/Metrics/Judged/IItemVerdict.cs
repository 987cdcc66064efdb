namespace ScoreJobs.Metrics.Judged;

/// <summary>A verdict on one numbered item of a batched reply: its 1-based id and 1 (yes) or 0 (no).</summary>
internal interface IItemVerdict
{
    int Id { get; }

    int Verdict { get; }
}
