namespace ScoreJobs.Queues;

/// <summary>
/// A queue message as versions before <see cref="JobMessage"/>'s kinds wrote it: one flat object whose set fields said
/// what it was, such as <c>{"job_id":"..."}</c>, <c>{"job_id":"...","callback":2}</c>, <c>{"run_id":"...","expand_from":3}</c>,
/// <c>{"run_id":"...","retry_after":""}</c>, <c>{"run_id":"...","batch_round":2}</c>, <c>{"run_id":"...","callback":1}</c> or
/// <c>{"run_id":"...","delete":""}</c>. Read so that messages queued before an upgrade are processed after it; never written.
/// </summary>
internal sealed record LegacyJobMessage(string? JobId, string? RunId, int? ExpandFrom, string? RetryAfter, int? BatchRound, int? Callback, string? Delete, string? Traceparent)
{
    /// <summary>The message this one meant, or null when its fields fit no kind (two steps at once, a job and a run).</summary>
    public JobMessage? ToMessage()
    {
        JobMessage? message = this switch
        {
            { JobId: { } job, RunId: null, ExpandFrom: null, RetryAfter: null, BatchRound: null, Delete: null, Callback: null } => new JobMessage.ScoreJob(job),
            { JobId: { } job, RunId: null, ExpandFrom: null, RetryAfter: null, BatchRound: null, Delete: null, Callback: { } attempt } => new JobMessage.JobCallback(job, attempt),
            { JobId: null, RunId: { } run, ExpandFrom: { } chunk, RetryAfter: null, BatchRound: null, Delete: null, Callback: null } => new JobMessage.ExpandRun(run, chunk),
            { JobId: null, RunId: { } run, ExpandFrom: null, RetryAfter: { } after, BatchRound: null, Delete: null, Callback: null } => new JobMessage.RetryRun(run, after),
            { JobId: null, RunId: { } run, ExpandFrom: null, RetryAfter: null, BatchRound: { } round, Delete: null, Callback: null } => new JobMessage.PollBatch(run, round),
            { JobId: null, RunId: { } run, ExpandFrom: null, RetryAfter: null, BatchRound: null, Delete: null, Callback: { } attempt } => new JobMessage.RunCallback(run, attempt),
            { JobId: null, RunId: { } run, ExpandFrom: null, RetryAfter: null, BatchRound: null, Delete: "", Callback: null } => new JobMessage.DeleteRun(run),
            _ => null,
        };
        return message is null ? null : message with { Traceparent = Traceparent };
    }
}
