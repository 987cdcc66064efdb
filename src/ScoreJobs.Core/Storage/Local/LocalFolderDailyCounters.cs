using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ScoreJobs.Storage.Local;

/// <summary>
/// Embedded mode's counters: one small JSON file, <c>.counters.json</c> in the jobs folder (<c>{name: {day: value}}</c>),
/// kept in memory and rewritten atomically on each add. One server owns a jobs folder, so an in-process lock suffices.
/// </summary>
internal sealed class LocalFolderDailyCounters(IOptions<ScoreJobsOptions> options) : IDailyCounters, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetFullPath(options.Value.JobsDirectory), ".counters.json");
    private readonly SemaphoreSlim _lock = new(1, 1);
    private Dictionary<string, SortedDictionary<string, double>>? _counters;

    public async Task AddAsync(string name, DateOnly day, double amount, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var counters = await LoadAsync(cancellationToken).ConfigureAwait(false);
            if (!counters.TryGetValue(name, out var days)) counters[name] = days = new(StringComparer.Ordinal);
            var key = Key(day);
            days[key] = days.GetValueOrDefault(key) + amount;
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            await LocalFolderJobStore.WriteAtomicallyAsync(_path, JsonSerializer.SerializeToUtf8Bytes(counters, StorageJsonContext.Default.DictionaryStringSortedDictionaryStringDouble), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<double> SumAsync(string name, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var counters = await LoadAsync(cancellationToken).ConfigureAwait(false);
            if (!counters.TryGetValue(name, out var days)) return 0;
            string first = Key(from), last = Key(to);
            return days.Where(d => string.CompareOrdinal(d.Key, first) >= 0 && string.CompareOrdinal(d.Key, last) <= 0).Sum(d => d.Value);
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();

    private static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<Dictionary<string, SortedDictionary<string, double>>> LoadAsync(CancellationToken cancellationToken)
    {
        if (_counters is not null) return _counters;
        try
        {
            await using var file = File.OpenRead(_path);
            _counters = await JsonSerializer.DeserializeAsync(file, StorageJsonContext.Default.DictionaryStringSortedDictionaryStringDouble, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
        }
        catch (DirectoryNotFoundException)
        {
        }

        return _counters ??= new(StringComparer.Ordinal);
    }
}
