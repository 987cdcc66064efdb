using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ScoreJobs.Rubrics;

/// <summary>
/// The server-wide rubrics: JSON files in <see cref="RubricOptions.Path"/> and, in Storage mode, blobs under <c>rubrics/</c>
/// in the job container, read again every <see cref="RubricOptions.RefreshSeconds"/> on the injected clock, so a new or
/// changed rubric is used without a restart. A file holds one rubric object or an array of them. A source that stops
/// parsing keeps its last good rubrics (and says why in the log); a name defined twice keeps the first source's, in name order.
/// </summary>
public sealed class RubricLibrary : IDisposable
{
    public const string BlobPrefix = "rubrics/";

    private readonly RubricOptions _options;
    private readonly HashSet<string> _reserved;
    private readonly BlobContainerClient? _container;
    private readonly ILogger _logger;
    private readonly ITimer? _timer;
    private readonly Lock _lock = new();
    private Dictionary<string, IReadOnlyList<RubricDefinition>> _bySource = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, RubricDefinition> _current = new Dictionary<string, RubricDefinition>(StringComparer.Ordinal);
    private readonly Lock _refreshLock = new();
    private Task _refreshing = Task.CompletedTask;

    /// <param name="options">The folder and refresh period.</param>
    /// <param name="reservedNames">Built-in metric names: a rubric file that takes one is left out.</param>
    /// <param name="time">The clock the refresh runs on.</param>
    /// <param name="logger">Where unusable sources are named.</param>
    /// <param name="container">The job container in Storage mode; null otherwise.</param>
    public RubricLibrary(IOptions<RubricOptions> options, IEnumerable<string> reservedNames, TimeProvider time, ILogger<RubricLibrary> logger,
        BlobContainerClient? container = null)
    {
        _options = options.Value;
        _reserved = reservedNames.ToHashSet(StringComparer.Ordinal);
        _container = container;
        _logger = logger;
        if (_options.Path is null && container is null) return;

        // The folder is read before the first request; the blobs on the first tick, which is at once.
        Apply(ReadFolder(), blobs: null);
        var period = TimeSpan.FromSeconds(_options.RefreshSeconds);
        _timer = time.CreateTimer(_ => _ = RefreshAsync(CancellationToken.None), null, container is null ? period : TimeSpan.Zero, period);
    }

    /// <summary>The rubrics by name, as last read.</summary>
    public IReadOnlyDictionary<string, RubricDefinition> Current => Volatile.Read(ref _current);

    /// <summary>Reads every source again. Calls do not overlap: a call while a refresh runs waits for that one.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken)
    {
        lock (_refreshLock)
        {
            if (_refreshing.IsCompleted) _refreshing = ReadAllAsync(cancellationToken);
            return _refreshing;
        }
    }

    private async Task ReadAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            var files = ReadFolder();
            var blobs = _container is null ? null : await ReadBlobsAsync(cancellationToken).ConfigureAwait(false);
            Apply(files, blobs);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RubricRefreshFailed(_logger, ex.GetType().Name);
        }
    }

    public void Dispose() => _timer?.Dispose();

    private List<(string Source, string Text)> ReadFolder()
    {
        var sources = new List<(string, string)>();
        if (_options.Path is not { } path || !Directory.Exists(path)) return sources;
        foreach (var file in Directory.EnumerateFiles(path, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            try
            {
                sources.Add(("file:" + Path.GetFileName(file), File.ReadAllText(file, Encoding.UTF8)));
            }
            catch (IOException ex)
            {
                // Being written right now, most likely: the last good version stays until the next tick.
                Log.RubricSourceUnusable(_logger, Path.GetFileName(file), ex.GetType().Name);
                sources.Add(("file:" + Path.GetFileName(file), ""));
            }
        }

        return sources;
    }

    private async Task<List<(string Source, string Text)>> ReadBlobsAsync(CancellationToken cancellationToken)
    {
        var sources = new List<(string, string)>();
        if (!await _container!.ExistsAsync(cancellationToken).ConfigureAwait(false)) return sources;
        await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = BlobPrefix }, cancellationToken).ConfigureAwait(false))
        {
            if (!blob.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) continue;
            var content = await _container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            sources.Add(("blob:" + blob.Name, content.Value.Content.ToString()));
        }

        return sources;
    }

    private void Apply(List<(string Source, string Text)> files, List<(string Source, string Text)>? blobs)
    {
        lock (_lock)
        {
            var next = new Dictionary<string, IReadOnlyList<RubricDefinition>>(StringComparer.Ordinal);
            // Without a fresh blob listing (the folder-only first read), the blobs read before stay.
            if (blobs is null)
            {
                foreach (var (source, rubrics) in _bySource.Where(s => s.Key.StartsWith("blob:", StringComparison.Ordinal))) next[source] = rubrics;
            }

            foreach (var (source, text) in blobs is null ? files : files.Concat(blobs))
            {
                if (Parse(source, text) is { } rubrics) next[source] = rubrics;
                else if (_bySource.TryGetValue(source, out var previous)) next[source] = previous;
            }

            var byName = new Dictionary<string, RubricDefinition>(StringComparer.Ordinal);
            foreach (var (source, rubrics) in next.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                foreach (var rubric in rubrics)
                {
                    if (!byName.TryAdd(rubric.Name, rubric))
                    {
                        Log.RubricSourceUnusable(_logger, source, $"'{rubric.Name}' is already defined by another rubric source; this one is left out");
                    }
                }
            }

            var changed = byName.Count != _current.Count || byName.Any(r => !_current.TryGetValue(r.Key, out var old) || !old.SameAs(r.Value));
            _bySource = next;
            Volatile.Write(ref _current, byName);
            if (changed) Log.RubricsLoaded(_logger, byName.Count, string.Join(", ", byName.Keys.Order(StringComparer.Ordinal)));
        }
    }

    private List<RubricDefinition>? Parse(string source, string text)
    {
        var problems = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement;
            var items = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
            var rubrics = new List<RubricDefinition>();
            for (var i = 0; i < items.Count; i++)
            {
                var field = root.ValueKind == JsonValueKind.Array ? $"[{i}]" : "";
                if (RubricReader.Read(items[i], field, (name, message) => problems.Add($"{name}: {message}")) is not { } rubric) continue;
                if (_reserved.Contains(rubric.Name)) problems.Add($"{field}name: '{rubric.Name}' is a built-in metric; choose another name");
                else rubrics.Add(rubric);
            }

            if (problems.Count == 0) return rubrics;
        }
        catch (JsonException ex)
        {
            problems.Add("not JSON: " + ex.Message);
        }

        Log.RubricSourceUnusable(_logger, source, string.Join("; ", problems));
        return null;
    }
}
