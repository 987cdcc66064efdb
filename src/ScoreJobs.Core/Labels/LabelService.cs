using ScoreJobs.Metrics;
using ScoreJobs.Requests;
using ScoreJobs.Storage;

namespace ScoreJobs.Labels;

/// <summary>
/// People's labels on jobs: one per rater per job, replaced by the same rater, removed on request. A label on a job
/// that does not exist is refused; the job's record is never written.
/// </summary>
public sealed class LabelService(IJobStore jobs, ILabelStore labels, MetricCatalog catalog, TimeProvider time)
{
    /// <summary>A write is tried again when another rater's write landed in between.</summary>
    private readonly ConditionalUpdate _writes = new(time, attempts: 5);

    /// <summary>The job's labels, oldest rater first; empty when it has none.</summary>
    public async Task<IReadOnlyList<JobLabel>> GetAsync(string jobId, CancellationToken cancellationToken) =>
        (await labels.GetAsync(jobId, cancellationToken).ConfigureAwait(false))?.Labels ?? [];

    /// <summary>
    /// Sets <paramref name="rater"/>'s label from <paramref name="body"/>: the job's labels after it, or null with
    /// <paramref name="errors"/> filled (bad input), or <see cref="LabelOutcome.NoSuchJob"/>.
    /// </summary>
    public async Task<(LabelOutcome Outcome, IReadOnlyList<JobLabel>? Labels)> PutAsync(
        string jobId, string rater, ReadOnlyMemory<byte> body, RequestErrors errors, CancellationToken cancellationToken)
    {
        var label = LabelReader.Read(body, rater, IsLabelled, time.GetUtcNow(), errors);
        if (label is null) return (LabelOutcome.Invalid, null);
        if (await jobs.GetAsync(jobId, cancellationToken).ConfigureAwait(false) is null) return (LabelOutcome.NoSuchJob, null);

        var written = await ChangeAsync(jobId, current => [.. current.Where(l => l.Rater != rater), label], cancellationToken).ConfigureAwait(false);
        return (LabelOutcome.Done, written);
    }

    /// <summary>Sets a label already read and checked (a dataset sample's), replacing that rater's; the job must exist.</summary>
    public Task SetAsync(string jobId, JobLabel label, CancellationToken cancellationToken) =>
        ChangeAsync(jobId, current => [.. current.Where(l => l.Rater != label.Rater), label], cancellationToken);

    /// <summary>Removes <paramref name="rater"/>'s label (nothing to remove is fine); <see cref="LabelOutcome.NoSuchJob"/> for an unknown job.</summary>
    public async Task<LabelOutcome> DeleteAsync(string jobId, string rater, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(jobId, cancellationToken).ConfigureAwait(false) is null) return LabelOutcome.NoSuchJob;
        await ChangeAsync(jobId, current => [.. current.Where(l => l.Rater != rater)], cancellationToken).ConfigureAwait(false);
        return LabelOutcome.Done;
    }

    private bool IsLabelled(string name) => name == Index.RunTally.WeightedScore || catalog.IsKnown(name);

    private Task<IReadOnlyList<JobLabel>> ChangeAsync(string jobId, Func<IReadOnlyList<JobLabel>, List<JobLabel>> change, CancellationToken cancellationToken) =>
        _writes.RunAsync(async (_, ct) =>
        {
            var stored = await labels.GetAsync(jobId, ct).ConfigureAwait(false);
            var next = change(stored?.Labels ?? []);
            if (stored is not null && next.SequenceEqual(stored.Labels)) return UpdateAttempt<IReadOnlyList<JobLabel>>.Done(next);
            return await labels.TryWriteAsync(jobId, next, stored?.ETag, ct).ConfigureAwait(false) is null
                ? UpdateAttempt<IReadOnlyList<JobLabel>>.Conflict
                : UpdateAttempt<IReadOnlyList<JobLabel>>.Done(next);
        }, whenExhausted: () => throw new InvalidOperationException($"The labels of job {jobId} kept changing during {_writes.Attempts} attempts to write them."), cancellationToken);
}

/// <summary>What a label request came to.</summary>
public enum LabelOutcome
{
    Done,
    Invalid,
    NoSuchJob,
}
