using ScoreJobs.Records;

namespace ScoreJobs.Jobs;

/// <summary>
/// The body of a job's callback, in the envelope Standard Webhooks recommends: <c>type</c>
/// (<c>score_job.completed</c> or <c>score_job.failed</c>), <c>timestamp</c> (when the job finished) and <c>data</c>.
/// The same body is sent on every attempt; only the <c>webhook-timestamp</c> header and the signature change.
/// </summary>
internal sealed record JobCallbackPayload(string Type, DateTimeOffset Timestamp, JobCallbackData Data)
{
    public const string CompletedType = "score_job.completed";
    public const string FailedType = "score_job.failed";

    public static JobCallbackPayload For(JobRecord record) => new(
        record.Status == JobStatus.Completed ? CompletedType : FailedType,
        record.FinishedAt ?? record.CreatedAt,
        new JobCallbackData
        {
            JobId = record.JobId,
            Status = record.Status,
            WeightedScore = record.WeightedScore,
            Scores = record.Scores,
            SkippedMetrics = record.SkippedMetrics,
            Error = record.Error,
            CreatedAt = record.CreatedAt,
            FinishedAt = record.FinishedAt,
            LatencyMs = record.LatencyMs,
            Metadata = record.RequestSummary.Metadata,
            // The API's path for the record (ScoreJobsHandlers.JobLocation), relative to the base URL the job was submitted to.
            RecordPath = "/api/score/jobs/" + record.JobId,
        });
}
