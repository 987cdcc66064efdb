using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ScoreJobs.Json;

namespace ScoreJobs.Queues;

/// <summary>
/// What goes on the queue: only the job id, as the JSON <c>{"job_id":"..."}</c>. The request lives in the
/// record (queue messages are capped at 64 KB). On a Storage queue the JSON text is base64-encoded, as the
/// Functions trigger expects; the trigger hands the decoded JSON to the function. A callback message,
/// <c>{"job_id":"...","callback":2}</c>, asks for delivery attempt 2 of the finished job's callback. Either may carry a
/// <c>"traceparent"</c>, which consumers that do not trace ignore. A dataset run's own work travels on its lane as
/// <c>{"run_id":"...","expand_from":3}</c> (create and queue the jobs of stored samples chunk 3, then queue chunk 4) and
/// <c>{"run_id":"...","retry_after":"..."}</c> (queue again the run's failed jobs after that job id; "" from the start);
/// a batch-mode run's batch phase as <c>{"run_id":"...","batch_round":2}</c> (poll round 2's batch, or start round 1);
/// a run's deletion as <c>{"run_id":"...","delete":""}</c> (delete a page of its jobs, or the run once none is left).
/// </summary>
public sealed record JobMessage([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? JobId)
{
    /// <summary>The dataset run a run message is about; null for a job or callback message.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RunId { get; init; }

    /// <summary>For a run message: create the jobs of this stored chunk of the samples, then queue the next chunk.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ExpandFrom { get; init; }

    /// <summary>For a run message: queue again the run's failed jobs whose ids sort after this one ("" from the first).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RetryAfter { get; init; }

    /// <summary>For a run message: delete the run's jobs a page at a time, then the run itself (the value is always "").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Delete { get; init; }

    /// <summary>For a batch-mode run's message: the round whose batch to poll (or, with no batch yet, to start: round 1).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? BatchRound { get; init; }

    /// <summary>True for a message about a dataset run rather than one job.</summary>
    [JsonIgnore]
    public bool IsRunMessage => RunId is not null;

    /// <summary>For a callback message, the number of the delivery attempt it asks for (1 for the first); null for a job message.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Callback { get; init; }

    /// <summary>
    /// The W3C trace context of the span that queued the message (<c>00-{trace id}-{span id}-{flags}</c>), so the run
    /// continues the submit's trace; null (and left out of the JSON) when nothing was being traced.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Traceparent { get; init; }

    /// <summary>The message that asks for delivery attempt <paramref name="attempt"/> of job <paramref name="jobId"/>'s callback.</summary>
    public static JobMessage ForCallback(string jobId, int attempt) => new(jobId) { Callback = attempt };

    /// <summary>The message that creates and queues the jobs of run <paramref name="runId"/>'s samples from chunk <paramref name="chunk"/> on.</summary>
    public static JobMessage ForExpansion(string runId, int chunk) => new((string?)null) { RunId = runId, ExpandFrom = chunk };

    /// <summary>The message that queues again the failed jobs of run <paramref name="runId"/> after job <paramref name="afterJobId"/>.</summary>
    public static JobMessage ForRetry(string runId, string afterJobId) => new((string?)null) { RunId = runId, RetryAfter = afterJobId };

    /// <summary>The message that deletes the next page of run <paramref name="runId"/>'s jobs, or, when none is left, the run.</summary>
    public static JobMessage ForDeletion(string runId) => new((string?)null) { RunId = runId, Delete = "" };

    /// <summary>The message that polls round <paramref name="round"/> of batch-mode run <paramref name="runId"/> (round 1 with no batch yet starts it).</summary>
    public static JobMessage ForBatchRound(string runId, int round) => new((string?)null) { RunId = runId, BatchRound = round };

    /// <summary>The message that asks for delivery attempt <paramref name="attempt"/> of run <paramref name="runId"/>'s callback.</summary>
    public static JobMessage ForRunCallback(string runId, int attempt) => new((string?)null) { RunId = runId, Callback = attempt };

    /// <summary>The message's JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, QueueJsonContext.Default.JobMessage);

    /// <summary>The job message in <paramref name="json"/>, or null when it is not the JSON of one of ours.</summary>
    public static JobMessage? FromJson(string json) => FromJson(Encoding.UTF8.GetBytes(json));

    /// <summary>The job message in the UTF-8 <paramref name="json"/>, or null when it is not the JSON of one of ours.</summary>
    public static JobMessage? FromJson(ReadOnlySpan<byte> json)
    {
        try
        {
            var message = JsonSerializer.Deserialize(json, QueueJsonContext.Default.JobMessage);
            return message switch
            {
                null => null,
                { RunId: { } run } => message.JobId is null && Records.JobId.IsValid(run) &&
                    (message.ExpandFrom is >= 0 && message.RetryAfter is null && message.BatchRound is null && message.Callback is null && message.Delete is null
                        || message.ExpandFrom is null && message.BatchRound is null && message.Callback is null && message.Delete is null && message.RetryAfter is { } after && (after.Length == 0 || Records.JobId.IsValid(after))
                        || message.ExpandFrom is null && message.RetryAfter is null && message.Callback is null && message.Delete is null && message.BatchRound is >= 1
                        || message.ExpandFrom is null && message.RetryAfter is null && message.BatchRound is null && message.Delete is null && message.Callback is >= 1
                        || message.ExpandFrom is null && message.RetryAfter is null && message.BatchRound is null && message.Callback is null && message.Delete is "")
                    ? message : null,
                _ => Records.JobId.IsValid(message.JobId) && message.ExpandFrom is null && message.RetryAfter is null && message.BatchRound is null && message.Delete is null && message.Callback is null or >= 1 ? message : null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
