namespace ScoreJobs.Queues;

/// <summary>
/// What goes on the queue: only the job id. The request lives in the record (queue messages are
/// capped at 64 KB). On a Storage queue the JSON text is base64-encoded, as the Functions trigger expects.
/// </summary>
public sealed record JobMessage(string JobId);
