namespace ScoreJobs.Index;

/// <summary>How many weighted scores fall in [From, To) (the last bucket includes 1).</summary>
public sealed record ScoreBucket(double From, double To, long Count);
