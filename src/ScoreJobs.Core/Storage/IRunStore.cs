using ScoreJobs.Records;

namespace ScoreJobs.Storage;

/// <summary>
/// Where dataset runs live beside the job records: each run's manifest, and its samples in chunks of
/// <see cref="RunManifest.ChunkSize"/> that the run's expansion reads to create its jobs. A local folder or a blob
/// container, like the records. Faults of the medium surface as exceptions; "not there" and "changed" are results.
/// </summary>
public interface IRunStore
{
    /// <summary>
    /// Stores the sample chunks, then the manifest (only if no run has its id), so a manifest never names samples that
    /// are not there. False when the run already exists.
    /// </summary>
    Task<bool> TryCreateAsync(RunManifest manifest, IReadOnlyList<IReadOnlyList<RunSample>> chunks, CancellationToken cancellationToken);

    Task<StoredRun?> GetAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Replaces the manifest only if it is still at <paramref name="etag"/>: the new etag, or null when it had changed.</summary>
    Task<string?> TryReplaceAsync(RunManifest manifest, string etag, CancellationToken cancellationToken);

    /// <summary>Deletes the run's stored samples, then its manifest; nothing when it is gone already.</summary>
    Task DeleteAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> manifests, newest first, after the run <paramref name="afterRunId"/>.</summary>
    Task<IReadOnlyList<RunManifest>> ListAsync(string? afterRunId, int limit, CancellationToken cancellationToken);

    /// <summary>The samples of chunk <paramref name="chunk"/>, or null when it is missing.</summary>
    Task<IReadOnlyList<RunSample>?> ReadChunkAsync(string runId, int chunk, CancellationToken cancellationToken);
}
