namespace ScoreJobs.Cli.Runs;

/// <summary>One metric's (or weighted_score's) statistics over a run's scored samples; null where nothing was scored.</summary>
internal sealed record MetricAggregate
{
    public int N { get; init; }

    /// <summary>Finished samples that asked for the metric and got no score.</summary>
    public int Failed { get; init; }

    /// <summary>Samples without the metric's inputs.</summary>
    public int Skipped { get; init; }

    /// <summary>Samples whose repeats straddled the metric's threshold (a run with <c>repeats</c> above 1).</summary>
    public int Flaky { get; init; }

    /// <summary>N over the samples that asked for the metric (and had its inputs); null from a server that does not say.</summary>
    public double? Coverage { get; init; }
    public double? Mean { get; init; }
    public double? Median { get; init; }
    public double? P10 { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public double? Stdev { get; init; }

    /// <summary>Share of samples whose score met the metric's threshold; null without a threshold.</summary>
    public double? PassRate { get; init; }

    /// <summary>The run's threshold for this metric, where the server repeats it here.</summary>
    public double? Threshold { get; init; }

    /// <summary>The server's word on whether the mean meets the threshold; null without a threshold or a score.</summary>
    public bool? Passed { get; init; }
}
