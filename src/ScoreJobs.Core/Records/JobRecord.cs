using ScoreJobs.Text;
using ScoreJobs.Judge;
using System.Text.Json.Serialization;
using ScoreJobs.Callbacks;
using ScoreJobs.Metrics;
using ScoreJobs.Requests;

namespace ScoreJobs.Records;

/// <summary>
/// The job record of CONTRACT.md, persisted as <c>{job_id}.json</c> and returned by get: the list item's fields plus
/// <see cref="Details"/>, <see cref="Labels"/> and the full <see cref="Request"/>.
/// </summary>
public sealed record JobRecord : JobListItem
{
    /// <summary>Per-metric outcome: score, status, reason, error kind, model, tokens, latency.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, MetricResult>? Details { get; init; }

    /// <summary>
    /// People's labels of this job, shown by get; they live beside the record (never in it), so the worker's writes and
    /// a person's label never race. Null in stored records and list pages.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Labels.JobLabel>? Labels { get; init; }

    /// <summary>The full request. Kept in storage and returned by get; list pages omit it.</summary>
    public required ScoreRequest Request { get; init; }

    /// <summary>The record as list pages show it: no full request, per-metric details or labels.</summary>
    public JobListItem ToListItem() => Of(this);

    /// <summary>A new <c>queued</c> record of <paramref name="request"/> (its metrics already resolved) as <paramref name="selection"/> chose them.</summary>
    internal static JobRecord Queued(string jobId, DateTimeOffset now, ScoreRequest request, MetricSelection selection) => new()
    {
        JobId = jobId,
        Status = JobStatus.Queued,
        CreatedAt = now,
        RequestSummary = new RequestSummary
        {
            Question = request.Question.Clip(RequestSummary.TextLength),
            Answer = request.Answer?.Clip(RequestSummary.TextLength),
            Metrics = request.Metrics ?? [],
            JudgeModel = request.JudgeModel,
            EmbeddingModel = request.EmbeddingModel,
            HasContexts = request.HasContexts,
            HasGroundTruth = request.HasGroundTruth,
            Metadata = request.Metadata,
        },
        Scores = (request.Metrics ?? []).ToDictionary(m => m, _ => (double?)null, StringComparer.Ordinal),
        SkippedMetrics = [.. selection.Skipped.Keys],
        Weights = selection.Weights,
        Callback = request.CallbackUrl is { } url
            ? new CallbackState { Url = url, Status = CallbackStatus.Pending, WebhookId = "msg_" + jobId }
            : null,
        Request = request,
        Warnings = request.Warnings,
    };
}
