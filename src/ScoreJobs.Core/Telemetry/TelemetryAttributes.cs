namespace ScoreJobs.Telemetry;

/// <summary>
/// Attribute names on ScoreJobs' spans and measurements. Values are ids, names, counts and statuses: never a
/// prompt, a reply, a request's text or a secret.
/// </summary>
internal static class TelemetryAttributes
{
    /// <summary>The job id (spans only: one value per job would swamp a metric).</summary>
    public const string JobId = "scorejobs.job.id";

    /// <summary>The job's status as on the record: <c>queued</c>, <c>completed</c>, <c>failed</c>.</summary>
    public const string JobStatus = "scorejobs.job.status";

    /// <summary>Which delivery of the job's message this run is (1 for the first).</summary>
    public const string DeliveryCount = "scorejobs.job.delivery";

    /// <summary>True when a submit returned an earlier job for a repeated <c>Idempotency-Key</c>.</summary>
    public const string Replayed = "scorejobs.submit.replayed";

    /// <summary>The metric's catalog name, e.g. <c>faithfulness</c>.</summary>
    public const string MetricName = "scorejobs.metric.name";

    /// <summary>How the metric ended: <c>ok</c> or <c>failed</c>.</summary>
    public const string MetricStatus = "scorejobs.metric.status";

    /// <summary>The judge model (deployment) that scored the metric.</summary>
    public const string JudgeModel = "scorejobs.judge.model";

    /// <summary>Judge calls the metric made, retries included.</summary>
    public const string JudgeCalls = "scorejobs.judge.calls";

    /// <summary>Prompt tokens the metric's judge calls used.</summary>
    public const string InputTokens = "scorejobs.judge.input_tokens";

    /// <summary>Completion tokens the metric's judge calls used.</summary>
    public const string OutputTokens = "scorejobs.judge.output_tokens";

    /// <summary>Whether the judge's reply came from the judge response cache (always false until that cache exists).</summary>
    public const string CacheHit = "scorejobs.judge.cache_hit";

    /// <summary>OpenTelemetry's <c>error.type</c>: a metric's error kind (<c>rate_limit</c>, <c>timeout</c>...) or an exception's type.</summary>
    public const string ErrorType = "error.type";
}
