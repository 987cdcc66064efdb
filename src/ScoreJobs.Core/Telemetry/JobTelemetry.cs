using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using ScoreJobs.Metrics;

namespace ScoreJobs.Telemetry;

/// <summary>
/// Starts ScoreJobs' spans and records its measurements (names in <see cref="ScoreJobsTelemetry"/> and
/// <see cref="TelemetryAttributes"/>). With no exporter configured nothing listens: a span is a null, a measurement
/// a disabled instrument, and neither allocates.
/// </summary>
internal static class JobTelemetry
{
    public static readonly ActivitySource Source = new(ScoreJobsTelemetry.Name, ScoreJobsTelemetry.Version);

    private static readonly Meter Meter = new(ScoreJobsTelemetry.Name, ScoreJobsTelemetry.Version);

    // From a quick offline job to the 300 s job deadline and the 10-minute function timeout.
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600],
    };

    private static readonly Counter<long> JobsFinished = Meter.CreateCounter<long>(
        ScoreJobsTelemetry.JobsFinished, "{job}", "Jobs that ended, by status.");

    private static readonly Histogram<double> JobDuration = Meter.CreateHistogram(
        ScoreJobsTelemetry.JobDuration, "s", "How long a job ran, from started_at to finished_at.", tags: null, Seconds);

    private static readonly Histogram<double> QueueWait = Meter.CreateHistogram(
        ScoreJobsTelemetry.QueueWait, "s", "How long a job waited in the queue, from created_at to its first started_at.", tags: null, Seconds);

    private static readonly Counter<long> MetricFailures = Meter.CreateCounter<long>(
        ScoreJobsTelemetry.MetricFailures, "{failure}", "Metrics that failed, by metric and error kind.");

    private static readonly FrozenDictionary<MetricErrorKind, string> ErrorKinds =
        Enum.GetValues<MetricErrorKind>().ToFrozenDictionary(kind => kind, kind => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString()));

    /// <summary>The W3C <c>traceparent</c> of the current span, for a queue message to carry; null when there is none.</summary>
    public static string? CurrentTraceparent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The submit span, a child of the HTTP request's span.</summary>
    public static Activity? StartSubmit() => Source.StartActivity(ScoreJobsTelemetry.SubmitSpan, ActivityKind.Producer);

    /// <summary>Tags the submit span with the job it stored (or the earlier one it returned).</summary>
    public static void Submitted(Activity? submit, string jobId, string status, bool replayed)
    {
        submit?.SetTag(TelemetryAttributes.JobId, jobId)
            .SetTag(TelemetryAttributes.JobStatus, Lower(status))
            .SetTag(TelemetryAttributes.Replayed, replayed);
    }

    /// <summary>
    /// The scoring span of one delivery. Its parent is the submit span named by the message's <paramref name="traceparent"/>,
    /// so the job is one trace from submit to the last judge call; the span the delivery arrived in (a Functions
    /// invocation) becomes a link. Without a traceparent (older messages) the scoring span is a child of whatever is current.
    /// </summary>
    public static Activity? StartScoring(string jobId, string? traceparent, int deliveryCount)
    {
        if (!Source.HasListeners()) return null;

        ActivityContext parent = default;
        ActivityLink[]? links = null;
        if (ActivityContext.TryParse(traceparent, null, isRemote: true, out var submit))
        {
            parent = submit;
            if (Activity.Current is { } ambient) links = [new ActivityLink(ambient.Context)];
        }

        return Source.StartActivity(ScoreJobsTelemetry.ScoringSpan, ActivityKind.Consumer, parent, tags: null, links)
            ?.SetTag(TelemetryAttributes.JobId, jobId)
            .SetTag(TelemetryAttributes.DeliveryCount, deliveryCount);
    }

    /// <summary>A submit or a delivery that threw (storage down, say): the client is told to retry, the message comes back.</summary>
    public static void Failed(Activity? span, Exception exception)
    {
        // The type only: an exception's message may quote a request's URL or a reply.
        span?.SetTag(TelemetryAttributes.ErrorType, exception.GetType().FullName)
            .SetStatus(ActivityStatusCode.Error, exception.GetType().FullName);
    }

    /// <summary>A job marked running: its queue wait, measured once, on its first start.</summary>
    public static void JobStarted(DateTimeOffset createdAt, DateTimeOffset startedAt, int attempts)
    {
        if (attempts == 1 && QueueWait.Enabled) QueueWait.Record(Math.Max(0, (startedAt - createdAt).TotalSeconds));
    }

    /// <summary>A job whose final record was written: counted by status, its duration measured, the scoring span tagged.</summary>
    public static void JobFinished(string status, DateTimeOffset? startedAt, DateTimeOffset? finishedAt)
    {
        var tag = new KeyValuePair<string, object?>(TelemetryAttributes.JobStatus, Lower(status));
        JobsFinished.Add(1, tag);
        if (startedAt is { } started && finishedAt is { } finished && JobDuration.Enabled)
        {
            JobDuration.Record(Math.Max(0, (finished - started).TotalSeconds), tag);
        }

        if (Activity.Current is { } scoring && scoring.Source == Source && scoring.OperationName == ScoreJobsTelemetry.ScoringSpan)
        {
            scoring.SetTag(tag.Key, tag.Value);
            if (status.Equals("failed", StringComparison.OrdinalIgnoreCase)) scoring.SetStatus(ActivityStatusCode.Error);
        }
    }

    /// <summary>The span of one metric; the judge calls it makes are its children.</summary>
    public static Activity? StartMetric(string metric) =>
        Source.StartActivity(ScoreJobsTelemetry.MetricSpan)?.SetTag(TelemetryAttributes.MetricName, metric);

    /// <summary>Ends a metric's span with how it went and counts a failure by its error kind.</summary>
    public static void MetricEnded(Activity? span, string metric, MetricResult result)
    {
        var errorKind = result.Status == Metrics.MetricStatus.Failed && result.ErrorKind is { } kind ? ErrorKinds[kind] : null;
        if (errorKind is not null && MetricFailures.Enabled)
        {
            MetricFailures.Add(1, new(TelemetryAttributes.MetricName, metric), new(TelemetryAttributes.ErrorType, errorKind));
        }

        if (span is null) return;
        span.SetTag(TelemetryAttributes.MetricStatus, Lower(result.Status.ToString()))
            .SetTag(TelemetryAttributes.CacheHit, false);
        if (result.Model is { } model) span.SetTag(TelemetryAttributes.JudgeModel, model);
        if (result.Usage is { JudgeCalls: > 0 } usage)
        {
            span.SetTag(TelemetryAttributes.JudgeCalls, usage.JudgeCalls)
                .SetTag(TelemetryAttributes.InputTokens, usage.PromptTokens)
                .SetTag(TelemetryAttributes.OutputTokens, usage.CompletionTokens);
        }

        if (errorKind is not null) span.SetTag(TelemetryAttributes.ErrorType, errorKind).SetStatus(ActivityStatusCode.Error, errorKind);
    }

    private static string Lower(string status) => status.ToLowerInvariant();
}
