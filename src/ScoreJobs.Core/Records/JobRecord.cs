using ScoreJobs.Text;
using ScoreJobs.Judge;
using System.Text.Json.Serialization;
using ScoreJobs.Callbacks;
using ScoreJobs.Metrics;
using ScoreJobs.Requests;

namespace ScoreJobs.Records;

/// <summary>
/// The job record of CONTRACT.md, persisted as <c>{job_id}.json</c> and returned by the API.
/// The contract's fields come first; <see cref="Details"/>, <see cref="Weights"/>, <see cref="Attempts"/>,
/// <see cref="Usage"/>, <see cref="PromptVersion"/>, <see cref="Callback"/> and <see cref="Request"/> are additions.
/// </summary>
public sealed record JobRecord
{
    public required string JobId { get; init; }
    public required JobStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public required RequestSummary RequestSummary { get; init; }
    public IReadOnlyDictionary<string, double?> Scores { get; init; } = new Dictionary<string, double?>();
    public double? WeightedScore { get; init; }
    public long LatencyMs { get; init; }
    public IReadOnlyList<string> SkippedMetrics { get; init; } = [];
    public string? Error { get; init; }

    /// <summary>What was read otherwise than the client may expect (see <see cref="ScoreRequest.Warnings"/>); plain sentences.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>Per-metric outcome: score, status, reason, error kind, model, tokens, latency.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, MetricResult>? Details { get; init; }

    /// <summary>The weights the weighted score used.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? Weights { get; init; }

    /// <summary>How many times a worker started this job (more than 1 after a crash or a storage fault).</summary>
    public int Attempts { get; init; }

    /// <summary>Judge calls and tokens spent on this job.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TokenUsage? Usage { get; init; }

    /// <summary>The version of the judge prompts that scored this job, when a judge metric ran.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PromptVersion { get; init; }

    /// <summary>The callback the client asked for: its URL, where it stands, and every delivery attempt.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CallbackState? Callback { get; init; }

    /// <summary>The dataset run this job scores a sample of; null for a job submitted on its own.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RunId { get; init; }

    /// <summary>The sample's id within its run (its <c>id</c>, else its 1-based line or index).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SampleId { get; init; }

    /// <summary>
    /// Set when a run's retry queued this job again: the metrics to score afresh (those that failed); the others keep
    /// their scores. Cleared when the job finishes.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? RetryMetrics { get; init; }

    /// <summary>
    /// Why a queued job is not being started: <c>budget</c> while the daily judge budget is spent (it starts once the next
    /// UTC day begins or the budget is raised). Null otherwise; cleared when the job starts.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Waiting { get; init; }

    /// <summary>
    /// People's labels of this job, shown by get; they live beside the record (never in it), so the worker's writes and
    /// a person's label never race. Null in stored records and list pages.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Labels.JobLabel>? Labels { get; init; }

    /// <summary>The full request. Kept in storage and returned by get; list pages omit it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScoreRequest? Request { get; init; }

    [JsonIgnore]
    public bool IsFinished => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;

    /// <summary>The record as list pages show it: no full request and no per-metric details.</summary>
    public JobRecord ToListItem() => this with { Request = null, Details = null };

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
