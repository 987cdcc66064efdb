namespace ScoreJobs.Telemetry;

/// <summary>
/// The names ScoreJobs' telemetry goes by: one <see cref="System.Diagnostics.ActivitySource"/> and one
/// <see cref="System.Diagnostics.Metrics.Meter"/>, both <see cref="Name"/>, whose spans and instruments are listed here.
/// The judge's calls are traced and measured by Microsoft.Extensions.AI under the same name (<c>gen_ai.*</c> spans and
/// the <c>gen_ai.client.*</c> instruments), so subscribing to <see cref="Name"/> takes everything.
/// </summary>
public static class ScoreJobsTelemetry
{
    /// <summary>The activity source's and the meter's name.</summary>
    public const string Name = "ScoreJobs";

    /// <summary>The span of <c>POST /api/score/async</c> storing and queueing a job (kind producer).</summary>
    public const string SubmitSpan = "scorejobs.submit";

    /// <summary>The span of one delivery of a job's queue message (kind consumer); its parent is the submit span.</summary>
    public const string ScoringSpan = "scorejobs.score";

    /// <summary>The span of one metric scoring one request; judge calls are its children.</summary>
    public const string MetricSpan = "scorejobs.metric";

    /// <summary>Counter of jobs that ended, by <see cref="TelemetryAttributes.JobStatus"/>.</summary>
    public const string JobsFinished = "scorejobs.jobs.finished";

    /// <summary>Histogram of a job's run, from started_at to finished_at, in seconds, by <see cref="TelemetryAttributes.JobStatus"/>.</summary>
    public const string JobDuration = "scorejobs.job.duration";

    /// <summary>Histogram of a job's wait in the queue, from created_at to its first started_at, in seconds.</summary>
    public const string QueueWait = "scorejobs.job.queue_wait";

    /// <summary>Counter of metrics that failed, by <see cref="TelemetryAttributes.MetricName"/> and <see cref="TelemetryAttributes.ErrorType"/>.</summary>
    public const string MetricFailures = "scorejobs.metric.failures";

    /// <summary>The assembly version, reported with the source and the meter.</summary>
    public static string Version { get; } = typeof(ScoreJobsTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
