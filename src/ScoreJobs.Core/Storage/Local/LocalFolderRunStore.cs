using System.Text.Json;
using Microsoft.Extensions.Options;
using ScoreJobs.Records;

namespace ScoreJobs.Storage.Local;

/// <summary>
/// Embedded mode's runs, in the records folder: <c>.runs/{run_id}.json</c> for the manifest and
/// <c>.runs/{run_id}/samples-00000.jsonl</c> for the samples, written like the records (temporary file, flush, rename).
/// A replace is checked against the file's hash under one lock; one process owns the folder.
/// </summary>
internal sealed class LocalFolderRunStore : IRunStore, IDisposable
{
    private readonly string _directory;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public LocalFolderRunStore(IOptions<ScoreJobsOptions> options)
    {
        _directory = Path.Combine(Path.GetFullPath(options.Value.JobsDirectory), ".runs");
        Directory.CreateDirectory(_directory);
    }

    public async Task<bool> TryCreateAsync(RunManifest manifest, IReadOnlyList<IReadOnlyList<RunSample>> chunks, CancellationToken cancellationToken)
    {
        var path = PathOf(manifest.RunId);
        if (File.Exists(path)) return false;
        var folder = Directory.CreateDirectory(Path.Combine(_directory, manifest.RunId)).FullName;
        for (var i = 0; i < chunks.Count; i++)
        {
            await LocalFolderJobStore.WriteAtomicallyAsync(Path.Combine(folder, RunSampleChunk.Name(i)), RunSampleChunk.Write(chunks[i]), cancellationToken).ConfigureAwait(false);
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (File.Exists(path)) return false;
            await LocalFolderJobStore.WriteAtomicallyAsync(path, Serialize(manifest), cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task DeleteAsync(string runId, CancellationToken cancellationToken)
    {
        if (!JobId.IsValid(runId)) return;
        var folder = Path.Combine(_directory, runId);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            File.Delete(PathOf(runId));
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<StoredRun?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        if (!JobId.IsValid(runId)) return null;
        var bytes = await ReadAsync(PathOf(runId), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : new StoredRun(Deserialize(bytes), LocalFolderJobStore.ETagOf(bytes));
    }

    public async Task<string?> TryReplaceAsync(RunManifest manifest, string etag, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var path = PathOf(manifest.RunId);
            var current = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (current is null || LocalFolderJobStore.ETagOf(current) != etag) return null;
            var bytes = Serialize(manifest);
            await LocalFolderJobStore.WriteAtomicallyAsync(path, bytes, cancellationToken).ConfigureAwait(false);
            return LocalFolderJobStore.ETagOf(bytes);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<RunManifest>> ListAsync(string? afterRunId, int limit, CancellationToken cancellationToken)
    {
        // Run ids sort newest first; a folder holds hundreds of runs, not millions, so sorting the names is cheap.
        var ids = Directory.EnumerateFiles(_directory, "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(id => JobId.IsValid(id) && (afterRunId is null || string.CompareOrdinal(id, afterRunId) > 0))
            .Order(StringComparer.Ordinal)
            .Take(limit);
        var runs = new List<RunManifest>(limit);
        foreach (var id in ids)
        {
            if (await ReadAsync(PathOf(id!), cancellationToken).ConfigureAwait(false) is { } bytes) runs.Add(Deserialize(bytes));
        }

        return runs;
    }

    public async Task<IReadOnlyList<RunSample>?> ReadChunkAsync(string runId, int chunk, CancellationToken cancellationToken)
    {
        var bytes = await ReadAsync(Path.Combine(_directory, runId, RunSampleChunk.Name(chunk)), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : RunSampleChunk.Read(bytes);
    }

    public void Dispose() => _lock.Dispose();

    private string PathOf(string runId) => Path.Combine(_directory, runId + ".json");

    private static byte[] Serialize(RunManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, RecordJsonContext.Readable.RunManifest);

    private static RunManifest Deserialize(byte[] bytes) =>
        JsonSerializer.Deserialize(bytes, RecordJsonContext.Readable.RunManifest) ?? throw new JsonException("A run manifest is empty.");

    private static async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
