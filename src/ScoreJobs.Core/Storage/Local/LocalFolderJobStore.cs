using ScoreJobs.Records;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Json;

namespace ScoreJobs.Storage.Local;

/// <summary>
/// Embedded-mode store: one JSON file per job (<c>{job_id}.json</c>), each written to a temporary file, flushed to disk
/// and renamed over the old one, so a crash leaves the old record or the new, never half of one. It keeps nothing in
/// memory: an ETag is a hash of the file's bytes, checked against the file under the job's lock before a replace.
/// Lists, filters and stats come from the job index beside it (<see cref="Index.Sqlite.SqliteJobIndex"/>);
/// <see cref="ListItemsAsync"/> reads the folder itself and is for rebuilding that index. One process owns the folder;
/// concurrent writers are serialised per job.
/// </summary>
internal sealed class LocalFolderJobStore : IJobStore, IDisposable
{
    private const string Extension = ".json";
    private readonly string _directory;
    private readonly string _idempotencyDirectory;
    private readonly ILogger<LocalFolderJobStore> _logger;
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public LocalFolderJobStore(IOptions<ScoreJobsOptions> options, ILogger<LocalFolderJobStore> logger)
    {
        _directory = Path.GetFullPath(options.Value.JobsDirectory);
        _idempotencyDirectory = Path.Combine(_directory, ".idempotency");
        _logger = logger;
        try
        {
            Directory.CreateDirectory(_idempotencyDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OptionsValidationException(nameof(ScoreJobsOptions.JobsDirectory), typeof(ScoreJobsOptions),
                [$"ScoreJobs:JobsDirectory '{_directory}' cannot be created or written ({ex.Message})"]);
        }
    }

    /// <summary>The folder the records live in.</summary>
    public string FolderPath => _directory;

    public async Task<bool> TryCreateAsync(JobRecord record, CancellationToken cancellationToken)
    {
        var stripe = StripeOf(record.JobId);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var path = PathOf(record.JobId);
            if (File.Exists(path)) return false;
            await WriteAtomicallyAsync(path, Serialize(record), cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            stripe.Release();
        }
    }

    public async Task<StoredJob?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!JobId.IsValid(jobId)) return null;
        var bytes = await ReadBytesAsync(PathOf(jobId), cancellationToken).ConfigureAwait(false);
        if (bytes is null) return null;
        var record = Deserialize(bytes, PathOf(jobId));
        return record is null || record.JobId != jobId ? null : new StoredJob(record, ETagOf(bytes));
    }

    public async Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!JobId.IsValid(jobId)) return false;
        var stripe = StripeOf(jobId);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var path = PathOf(jobId);
            if (!File.Exists(path)) return false;
            File.Delete(path);
            return true;
        }
        finally
        {
            stripe.Release();
        }
    }

    public async Task<string?> TryReplaceAsync(JobRecord record, string etag, CancellationToken cancellationToken)
    {
        var stripe = StripeOf(record.JobId);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var path = PathOf(record.JobId);
            var current = await ReadBytesAsync(path, cancellationToken).ConfigureAwait(false);
            if (current is null || ETagOf(current) != etag) return null;
            var bytes = Serialize(record);
            await WriteAtomicallyAsync(path, bytes, cancellationToken).ConfigureAwait(false);
            return ETagOf(bytes);
        }
        finally
        {
            stripe.Release();
        }
    }

    /// <summary>
    /// Reads the whole folder: every record's list item, newest first. It sorts the file names in memory (about 100 bytes
    /// each) and reads each file, so it is for rebuilding the index, not for serving pages.
    /// </summary>
    public async IAsyncEnumerable<JobListItem> ListItemsAsync(string? afterJobId, int pageSizeHint, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ids = Directory.EnumerateFiles(_directory, "*" + Extension)
            .Select(Path.GetFileNameWithoutExtension)
            .Where(id => JobId.IsValid(id) && (afterJobId is null || string.CompareOrdinal(id, afterJobId) > 0))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = await ReadBytesAsync(PathOf(id!), cancellationToken).ConfigureAwait(false);
            if (bytes is null) continue;
            var record = Deserialize(bytes, PathOf(id!));
            if (record is null || record.JobId != id) continue;
            yield return record.ToListItem();
        }
    }

    /// <summary>Deletes temporary files a killed write left behind. Only while no write is in progress (start, rebuild).</summary>
    public int DeleteStaleTemporaryFiles()
    {
        var deleted = 0;
        foreach (var stale in Directory.EnumerateFiles(_directory, ".*.tmp").Concat(Directory.EnumerateFiles(_idempotencyDirectory, ".*.tmp")))
        {
            File.Delete(stale);
            deleted++;
        }

        return deleted;
    }

    public async Task<bool> ForgetIdempotencyKeyAsync(string keyHash, IdempotencyClaim stale, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_idempotencyDirectory, keyHash + Extension);
        var stripe = StripeOf(keyHash);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!File.Exists(path)) return true;
            var held = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), RecordJsonContext.Readable.IdempotencyClaim);
            if (held is not null && held.JobId != stale.JobId) return false;
            File.Delete(path);
            return true;
        }
        finally
        {
            stripe.Release();
        }
    }

    public async Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string keyHash, IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_idempotencyDirectory, keyHash + Extension);
        var stripe = StripeOf(keyHash);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (File.Exists(path))
            {
                var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
                return JsonSerializer.Deserialize(bytes, RecordJsonContext.Readable.IdempotencyClaim)!;
            }

            await WriteAtomicallyAsync(path, JsonSerializer.SerializeToUtf8Bytes(claim, RecordJsonContext.Readable.IdempotencyClaim), cancellationToken).ConfigureAwait(false);
            return claim;
        }
        finally
        {
            stripe.Release();
        }
    }

    /// <summary>Readiness: the records folder is still there (a volume can be unmounted under a running server).</summary>
    public Task CheckReadyAsync(CancellationToken cancellationToken) =>
        Directory.Exists(_directory) ? Task.CompletedTask : throw new DirectoryNotFoundException($"The records folder {_directory} does not exist.");

    public void Dispose()
    {
        foreach (var stripe in _stripes) stripe.Dispose();
    }

    private SemaphoreSlim StripeOf(string key) => _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length)];

    private string PathOf(string jobId) => Path.Combine(_directory, jobId + Extension);

    private static byte[] Serialize(JobRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, RecordJsonContext.Readable.JobRecord);

    /// <summary>Writes <paramref name="bytes"/> to a temporary file, flushes it to disk and renames it to <paramref name="path"/>.</summary>
    internal static async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    // Quoted like an HTTP ETag; 128 bits of SHA-256 of the bytes: equal only for identical records.
    internal static string ETagOf(byte[] bytes) => "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16)) + "\"";

    private static async Task<byte[]?> ReadBytesAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private JobRecord? Deserialize(byte[] bytes, string path)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, RecordJsonContext.Readable.JobRecord);
        }
        catch (JsonException ex)
        {
            Log.CorruptRecord(_logger, ex, path);
            return null;
        }
    }
}
