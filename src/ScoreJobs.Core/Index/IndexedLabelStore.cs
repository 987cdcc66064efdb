using ScoreJobs.Labels;

namespace ScoreJobs.Index;

/// <summary>
/// The label store every host uses: labels through the real store, and after each write that landed, the job's labels
/// in the index (<see cref="IJobIndex.SetLabelsAsync"/>), so agreement reads the index alone. A crash between the two
/// leaves the index behind until the job is labelled again or the index is rebuilt (<see cref="JobIndexRebuilder"/>).
/// </summary>
internal sealed class IndexedLabelStore(ILabelStore labels, IJobIndex index) : ILabelStore
{
    /// <summary>The store that holds the labels themselves.</summary>
    public ILabelStore Labels => labels;

    public Task<StoredLabels?> GetAsync(string jobId, CancellationToken cancellationToken) => labels.GetAsync(jobId, cancellationToken);

    public async Task<string?> TryWriteAsync(string jobId, IReadOnlyList<JobLabel> written, string? etag, CancellationToken cancellationToken)
    {
        var newETag = await labels.TryWriteAsync(jobId, written, etag, cancellationToken).ConfigureAwait(false);
        if (newETag is not null) await index.SetLabelsAsync(jobId, written, cancellationToken).ConfigureAwait(false);
        return newETag;
    }

    public async Task DeleteAllAsync(string jobId, CancellationToken cancellationToken)
    {
        await labels.DeleteAllAsync(jobId, cancellationToken).ConfigureAwait(false);
        await index.SetLabelsAsync(jobId, [], cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<JobLabels> ListAsync(CancellationToken cancellationToken) => labels.ListAsync(cancellationToken);
}
