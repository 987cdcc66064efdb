namespace ScoreJobs.Statistics;

/// <summary>
/// <c>GET /api/score/agreement</c>: how far the judge agrees with people on one metric. Pairs are (the judge's score,
/// the mean of the raters' scores) over the jobs where both exist; every figure that cannot be computed is null.
/// </summary>
public sealed record AgreementReport
{
    public required string Metric { get; init; }
    public required double Threshold { get; init; }
    public required int N { get; init; }
    public double? Pearson { get; init; }
    public double? Spearman { get; init; }
    public double? MeanAbsError { get; init; }
    public double? Kappa { get; init; }
    public double? Accuracy { get; init; }
    public required AgreementConfusion Confusion { get; init; }
    public required AgreementIntervals Ci95 { get; init; }
    public required IReadOnlyList<JudgeAgreement> ByJudge { get; init; }
    public required RaterAgreement Raters { get; init; }
    public required IReadOnlyList<Disagreement> Disagreements { get; init; }
}

/// <summary>Pass/fail counts at the threshold: judge and people both pass (tp), only the judge (fp), only people (fn), neither (tn).</summary>
public sealed record AgreementConfusion(int Tp, int Fp, int Fn, int Tn);

/// <summary>Seeded bootstrap 95 % intervals, <c>[lo, hi]</c>, or null.</summary>
public sealed record AgreementIntervals(IReadOnlyList<double>? Spearman, IReadOnlyList<double>? Kappa);

/// <summary>Agreement of the jobs one judge model scored with one prompt version.</summary>
public sealed record JudgeAgreement(string? JudgeModel, string? PromptVersion, int N, double? Spearman, double? Kappa);

/// <summary>How many people labelled, and how far they agree with each other where two labelled the same jobs.</summary>
public sealed record RaterAgreement(int Count, double? KappaBetweenRaters);

/// <summary>One job where judge and people differ: <c>delta</c> is judge minus human.</summary>
public sealed record Disagreement(string JobId, double Judge, double Human, double Delta);

/// <summary>A run's agreement with its samples' labels on one metric.</summary>
public sealed record MetricAgreement(int N, double? Spearman, double? Kappa);
