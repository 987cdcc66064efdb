namespace ScoreJobs.Metrics.Judged;

/// <summary>The judge's verdict on one numbered item: 1 (yes) or 0 (no), reason first so it reasons before it decides.</summary>
internal sealed record ItemVerdict(int Id, string? Reason, int Verdict) : IItemVerdict;
