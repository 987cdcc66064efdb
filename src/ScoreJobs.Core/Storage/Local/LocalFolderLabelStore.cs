using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ScoreJobs.Labels;
using ScoreJobs.Records;

namespace ScoreJobs.Storage.Local;

/// <summary>
/// Embedded mode's labels: <c>.labels/{job_id}.json</c> in the records folder, written like the records (temporary
/// file, flush, rename); a write is checked against the file's hash under one lock, as one process owns the folder.
/// </summary>
internal sealed class LocalFolderLabelStore : ILabelStore, IDisposable
{
    private readonly string _directory;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public LocalFolderLabelStore(IOptions<ScoreJobsOptions> options)
    {
        _directory = Path.Combine(Path.GetFullPath(options.Value.JobsDirectory), ".labels");
        Directory.CreateDirectory(_directory);
    }

    public async Task<StoredLabels?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!JobId.IsValid(jobId)) return null;
        try
        {
            var bytes = await File.ReadAllBytesAsync(PathOf(jobId), cancellationToken).ConfigureAwait(false);
            var document = JsonSerializer.Deserialize(bytes, LabelsJsonContext.Readable.LabelDocument);
            return new StoredLabels(document?.Labels ?? [], LocalFolderJobStore.ETagOf(bytes));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public async Task DeleteAllAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!JobId.IsValid(jobId)) return;
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            File.Delete(PathOf(jobId));
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<string?> TryWriteAsync(string jobId, IReadOnlyList<JobLabel> labels, string? etag, CancellationToken cancellationToken)
    {
        if (!JobId.IsValid(jobId)) throw new ArgumentException($"'{jobId}' is not a job id.", nameof(jobId));
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = (await GetAsync(jobId, cancellationToken).ConfigureAwait(false))?.ETag;
            if (current != etag) return null;
            var bytes = JsonSerializer.SerializeToUtf8Bytes(new LabelDocument(labels), LabelsJsonContext.Readable.LabelDocument);
            await LocalFolderJobStore.WriteAtomicallyAsync(PathOf(jobId), bytes, cancellationToken).ConfigureAwait(false);
            return LocalFolderJobStore.ETagOf(bytes);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async IAsyncEnumerable<JobLabels> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in Directory.EnumerateFiles(_directory, "*.json"))
        {
            var jobId = Path.GetFileNameWithoutExtension(file);
            if (await GetAsync(jobId, cancellationToken).ConfigureAwait(false) is { Labels.Count: > 0 } stored) yield return new JobLabels(jobId, stored.Labels);
        }
    }

    public void Dispose() => _lock.Dispose();

    private string PathOf(string jobId) => Path.Combine(_directory, jobId + ".json");
}
