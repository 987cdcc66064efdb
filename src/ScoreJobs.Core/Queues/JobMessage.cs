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
/// <c>"traceparent"</c>, which consumers that do not trace ignore.
/// </summary>
public sealed record JobMessage(string JobId)
{
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
            return message is not null && Records.JobId.IsValid(message.JobId) && message.Callback is null or >= 1 ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
