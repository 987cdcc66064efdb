namespace ScoreJobs.Labels;

/// <summary>
/// Where a job's labels live: one small document per job beside its record (a file, or a blob under <c>labels/</c>),
/// never inside the record, so a person labelling a job never races the worker writing it. Writes are conditional.
/// </summary>
public interface ILabelStore
{
    /// <summary>The job's labels, or null when none were ever written.</summary>
    Task<StoredLabels?> GetAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the job's labels if they are still at <paramref name="etag"/> (null: only if none exist yet):
    /// the new etag, or null when they had changed.
    /// </summary>
    Task<string?> TryWriteAsync(string jobId, IReadOnlyList<JobLabel> labels, string? etag, CancellationToken cancellationToken);

    /// <summary>Deletes every label of the job (nothing when it has none).</summary>
    Task DeleteAllAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Every job's labels, in no particular order (what an index rebuild restores).</summary>
    IAsyncEnumerable<JobLabels> ListAsync(CancellationToken cancellationToken);
}
