namespace ScoreJobs.Runs;

/// <summary>
/// One metric's (or the weighted score's) figures over a run's scored samples. Mean and stdev (sample, n-1) are
/// exact; min, max, median and p10 are read from the run's histogram, exact to 0.001 (a score counts in the bin it
/// rounds down to); pass_rate is the share of scores at or above the run's threshold for it, null without one.
/// </summary>
public sealed record RunAggregate
{
    /// <summary>Samples scored for this metric.</summary>
    public long N { get; init; }

    /// <summary>Finished samples that asked for the metric and got no score.</summary>
    public long Failed { get; init; }

    /// <summary>Finished samples that asked for the metric but lacked its inputs (scored null, never 0).</summary>
    public long Skipped { get; init; }

    /// <summary>Samples whose repeats straddled the metric's threshold (a run with <c>"repeats"</c> above 1; else 0).</summary>
    public long Flaky { get; init; }

    /// <summary><see cref="N"/> over the run's samples that asked for the metric and had its inputs (null when none did).</summary>
    public double? Coverage { get; init; }
    public double? Mean { get; init; }
    public double? Median { get; init; }
    public double? P10 { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public double? Stdev { get; init; }
    public double? PassRate { get; init; }

    /// <summary>The run's threshold for this metric, if it has one.</summary>
    public double? Threshold { get; init; }

    /// <summary>Whether the mean meets the threshold (null without a threshold or a score).</summary>
    public bool? Passed { get; init; }
}
