namespace ScoreJobs.Index;

/// <summary>Jobs created on one UTC day and their mean weighted score.</summary>
public sealed record DailyStats(string Date, long Count, double? MeanWeightedScore);
