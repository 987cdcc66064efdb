using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ScoreJobs.Records;

namespace ScoreJobs.Queues;

/// <summary>
/// What goes on a queue: one of a closed set of kinds, each a small JSON object whose <c>"kind"</c> says which, such as
/// <c>{"kind":"score","job_id":"..."}</c>. The request lives in the record (queue messages are capped at 64 KB). On a
/// Storage queue the JSON text is base64-encoded, as the Functions trigger expects; the trigger hands the decoded JSON
/// to the function. Any kind may carry a <c>"traceparent"</c>, which consumers that do not trace ignore. A message of
/// the previous format (no <c>"kind"</c>; see <see cref="LegacyJobMessage"/>) is still read, so what was queued before
/// an upgrade is processed after it.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ScoreJob), "score")]
[JsonDerivedType(typeof(JobCallback), "callback")]
[JsonDerivedType(typeof(ExpandRun), "run_expand")]
[JsonDerivedType(typeof(RetryRun), "run_retry")]
[JsonDerivedType(typeof(PollBatch), "run_batch")]
[JsonDerivedType(typeof(RunCallback), "run_callback")]
[JsonDerivedType(typeof(DeleteRun), "run_delete")]
public abstract record JobMessage
{
    // Closed: the kinds below are all there is, so a switch over them is exhaustive.
    private protected JobMessage()
    {
    }

    /// <summary>
    /// The W3C trace context of the span that queued the message (<c>00-{trace id}-{span id}-{flags}</c>), so the
    /// scoring continues the submit's trace; null (and left out of the JSON) when nothing was being traced.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyOrder(1)]
    public string? Traceparent { get; init; }

    /// <summary>False when a field is out of its range (an id that is not one, a round below 1): the message is not ours.</summary>
    private protected abstract bool IsWellFormed { get; }

    /// <summary>Score the stored job.</summary>
    public sealed record ScoreJob([property: JsonRequired] string JobId) : JobMessage
    {
        private protected override bool IsWellFormed => Records.JobId.IsValid(JobId);
    }

    /// <summary>Make delivery attempt <paramref name="Attempt"/> (1 for the first) of the finished job's callback.</summary>
    public sealed record JobCallback([property: JsonRequired] string JobId, [property: JsonRequired] int Attempt) : JobMessage
    {
        private protected override bool IsWellFormed => Records.JobId.IsValid(JobId) && Attempt >= 1;
    }

    /// <summary>A dataset run's own work, on the runs lane.</summary>
    public abstract record RunMessage([property: JsonRequired, JsonPropertyOrder(-1)] string RunId) : JobMessage
    {
        private protected override bool IsWellFormed => Records.JobId.IsValid(RunId);
    }

    /// <summary>Create and queue the jobs of the run's stored samples chunk <paramref name="Chunk"/>, then queue the next chunk.</summary>
    public sealed record ExpandRun(string RunId, [property: JsonRequired] int Chunk) : RunMessage(RunId)
    {
        private protected override bool IsWellFormed => base.IsWellFormed && Chunk >= 0;
    }

    /// <summary>Queue again the run's jobs that did not fully score, a page at a time, after job <paramref name="AfterJobId"/> ("" from the first).</summary>
    public sealed record RetryRun(string RunId, [property: JsonRequired] string AfterJobId) : RunMessage(RunId)
    {
        private protected override bool IsWellFormed => base.IsWellFormed && (AfterJobId.Length == 0 || Records.JobId.IsValid(AfterJobId));
    }

    /// <summary>Poll round <paramref name="Round"/>'s batch of a batch-mode run (with no batch yet, start round 1).</summary>
    public sealed record PollBatch(string RunId, [property: JsonRequired] int Round) : RunMessage(RunId)
    {
        private protected override bool IsWellFormed => base.IsWellFormed && Round >= 1;
    }

    /// <summary>Make delivery attempt <paramref name="Attempt"/> of the run's callback.</summary>
    public sealed record RunCallback(string RunId, [property: JsonRequired] int Attempt) : RunMessage(RunId)
    {
        private protected override bool IsWellFormed => base.IsWellFormed && Attempt >= 1;
    }

    /// <summary>Delete a page of the run's jobs and queue itself again; once none is left, delete the run.</summary>
    public sealed record DeleteRun(string RunId) : RunMessage(RunId);

    /// <summary>The message's JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, QueueJsonContext.Default.JobMessage);

    /// <summary>The message in <paramref name="json"/>, or null when it is not the JSON of one of ours.</summary>
    public static JobMessage? FromJson(string json) => FromJson(Encoding.UTF8.GetBytes(json));

    /// <summary>The message in the UTF-8 <paramref name="json"/>, or null when it is not the JSON of one of ours.</summary>
    public static JobMessage? FromJson(ReadOnlySpan<byte> json)
    {
        try
        {
            var message = HasKind(json)
                ? JsonSerializer.Deserialize(json, QueueJsonContext.Default.JobMessage)
                : JsonSerializer.Deserialize(json, QueueJsonContext.Default.LegacyJobMessage)?.ToMessage();
            return message is { IsWellFormed: true } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>True when the message is one of ours with every field in range (what a queue accepts to send).</summary>
    internal bool CanBeSent => IsWellFormed;

    // Whether the top-level object names its kind: the current format does; the previous one never did.
    private static bool HasKind(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("kind"u8)) return true;
            reader.Read();
            reader.Skip();
        }

        return false;
    }
}
