namespace ScoreJobs.Bench.Judging;

/// <summary>
/// Shares (0-1) of judge requests answered with a fault instead of a verdict: 429 with Retry-After, 500,
/// garbage (a reply that is not the JSON asked for, or a body that is not an OpenAI response), or no answer.
/// </summary>
internal sealed record JudgeFaultPlan(double RateLimited, double ServerError, double Garbage, double Hang)
{
    public static JudgeFaultPlan None { get; } = new(0, 0, 0, 0);

    public double Total => RateLimited + ServerError + Garbage + Hang;
}
