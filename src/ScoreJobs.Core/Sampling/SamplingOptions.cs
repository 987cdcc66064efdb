namespace ScoreJobs.Sampling;

/// <summary>
/// <c>ScoreJobs__Sampling__Rate</c>: the share of <c>POST /api/score/async</c> calls scored (0-1); and
/// <c>ScoreJobs__Sampling__Apps__{app}</c>, the share for calls whose <c>metadata.app</c> is <c>{app}</c>.
/// </summary>
public sealed class SamplingOptions
{
    public double Rate { get; set; } = 1;

    public Dictionary<string, double> Apps { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Why the settings are unusable, or null.</summary>
    internal string? Problem()
    {
        if (Rate is not (>= 0 and <= 1)) return $"ScoreJobs:Sampling:Rate must be a share between 0 and 1 (0.1 scores one call in ten), not {Rate}";
        foreach (var (app, rate) in Apps)
        {
            if (rate is not (>= 0 and <= 1)) return $"ScoreJobs:Sampling:Apps:{app} must be a share between 0 and 1, not {rate}";
        }

        return null;
    }
}
