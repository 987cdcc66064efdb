using System.Text;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;

namespace ScoreJobs.Storage.Local;

/// <summary>
/// Embedded mode: <c>.usage/{job_id}.log</c> in the records folder, one line appended (and flushed) per judge call. The
/// OS keeps an appended line when the process is killed; one process owns the folder, so a lock per process serialises.
/// </summary>
internal sealed class LocalFolderJudgeUsageLog(IOptions<ScoreJobsOptions> options) : IJudgeUsageLog, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetFullPath(options.Value.JobsDirectory), ".usage");
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task AppendAsync(string jobId, int attempt, TokenUsage live, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(new JudgeUsageEntry(attempt, live).ToLine());
        await _lock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(_directory);
            await using var file = new FileStream(PathOf(jobId), FileMode.Append, FileAccess.Write, FileShare.Read);
            await file.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<JudgeUsageEntry>> ReadAsync(string jobId, CancellationToken cancellationToken)
    {
        var path = PathOf(jobId);
        return File.Exists(path) ? JudgeUsageEntry.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)) : [];
    }

    public Task DeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        var path = PathOf(jobId);
        if (File.Exists(path)) File.Delete(path);
        return Task.CompletedTask;
    }

    public void Dispose() => _lock.Dispose();

    private string PathOf(string jobId) => Path.Combine(_directory, jobId + ".log");
}
