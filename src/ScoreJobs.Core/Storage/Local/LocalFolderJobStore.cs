using ScoreJobs.Records;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Hosting;
using ScoreJobs.Jobs;
using ScoreJobs.Json;

namespace ScoreJobs.Storage.Local;

/// <summary>
/// Embedded-mode store: one JSON file per job (<c>{job_id}.json</c>), each written to a temporary file,
/// flushed to disk and renamed over the old one, so a crash leaves the old record or the new, never half
/// of one. An in-memory index of list items (built from the folder on first use) makes the newest page
/// cost a page's work. One process owns the folder; concurrent writers are serialised per job.
/// </summary>
internal sealed class LocalFolderJobStore : IJobStore, IDisposable
{
    private const string Extension = ".json";
    private readonly string _directory;
    private readonly string _idempotencyDirectory;
    private readonly ILogger<LocalFolderJobStore> _logger;
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];
    private readonly Lock _indexLock = new();
    private readonly SortedSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IndexEntry> _entries = new(StringComparer.Ordinal);
    private readonly Lazy<Task> _loaded;
    private long _version;

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

        _loaded = new Lazy<Task>(LoadIndexAsync);
    }

    /// <summary>The folder the records live in.</summary>
    public string FolderPath => _directory;

    /// <summary>How many records the index holds.</summary>
    public int Count
    {
        get
        {
            lock (_indexLock) return _ids.Count;
        }
    }

    public async Task<bool> TryCreateAsync(JobRecord record, CancellationToken cancellationToken)
    {
        await _loaded.Value.ConfigureAwait(false);
        var stripe = StripeOf(record.JobId);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_indexLock)
            {
                if (_entries.ContainsKey(record.JobId)) return false;
            }

            await WriteAtomicallyAsync(PathOf(record.JobId), Serialize(record), cancellationToken).ConfigureAwait(false);
            Index(record);
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
        await _loaded.Value.ConfigureAwait(false);
        string etag;
        lock (_indexLock)
        {
            if (!_entries.TryGetValue(jobId, out var entry)) return null;
            etag = entry.ETag;
        }

        var record = await ReadAsync(PathOf(jobId), cancellationToken).ConfigureAwait(false);
        return record is null ? null : new StoredJob(record, etag);
    }

    public async Task<string?> TryReplaceAsync(JobRecord record, string etag, CancellationToken cancellationToken)
    {
        await _loaded.Value.ConfigureAwait(false);
        var stripe = StripeOf(record.JobId);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_indexLock)
            {
                if (!_entries.TryGetValue(record.JobId, out var entry) || entry.ETag != etag) return null;
            }

            await WriteAtomicallyAsync(PathOf(record.JobId), Serialize(record), cancellationToken).ConfigureAwait(false);
            return Index(record);
        }
        finally
        {
            stripe.Release();
        }
    }

    public async IAsyncEnumerable<JobRecord> ListItemsAsync(string? afterJobId, int pageSizeHint, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _loaded.Value.ConfigureAwait(false);
        var batch = new List<JobRecord>(Math.Clamp(pageSizeHint, 1, 5000));
        var after = afterJobId;
        while (true)
        {
            batch.Clear();
            lock (_indexLock)
            {
                if (_ids.Count == 0) yield break;
                var view = after is null ? _ids : _ids.GetViewBetween(after, _ids.Max!);
                foreach (var id in view)
                {
                    if (id == after) continue;
                    batch.Add(_entries[id].Item);
                    if (batch.Count == batch.Capacity) break;
                }
            }

            foreach (var item in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return item;
            }

            if (batch.Count < batch.Capacity) yield break;
            after = batch[^1].JobId;
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

    private string NextETag() => "\"" + Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";

    private string Index(JobRecord record)
    {
        var etag = NextETag();
        lock (_indexLock)
        {
            _ids.Add(record.JobId);
            _entries[record.JobId] = new IndexEntry(record.ToListItem(), etag);
        }

        return etag;
    }

    private static byte[] Serialize(JobRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, RecordJsonContext.Readable.JobRecord);

    private static async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
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

    private async Task<JobRecord?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(bytes, RecordJsonContext.Readable.JobRecord);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (JsonException ex)
        {
            Log.CorruptRecord(_logger, ex, path);
            return null;
        }
    }

    private async Task LoadIndexAsync()
    {
        var started = Environment.TickCount64;
        foreach (var stale in Directory.EnumerateFiles(_directory, ".*.tmp"))
        {
            File.Delete(stale);
        }

        var files = Directory.EnumerateFiles(_directory, "*" + Extension);
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, async (path, ct) =>
        {
            var id = Path.GetFileNameWithoutExtension(path);
            if (!JobId.IsValid(id)) return;
            var record = await ReadAsync(path, ct).ConfigureAwait(false);
            if (record is null || record.JobId != id) return;
            Index(record);
        }).ConfigureAwait(false);
        Log.IndexLoaded(_logger, Count, _directory, Environment.TickCount64 - started);
    }

    private sealed record IndexEntry(JobRecord Item, string ETag);
}
