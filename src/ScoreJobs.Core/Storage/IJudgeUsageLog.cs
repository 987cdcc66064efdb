using ScoreJobs.Judge;

namespace ScoreJobs.Storage;

/// <summary>
/// Per job, what each attempt's live judge calls cost, appended before each call goes out and again (its tokens) as it returns: a small log beside the record
/// (a file in embedded mode, an append blob in Storage mode). When an attempt finishes the job, the entries of the
/// attempts before it that never finished are its <c>redone</c> usage; then the log is removed.
/// </summary>
public interface IJudgeUsageLog
{
    Task AppendAsync(string jobId, int attempt, TokenUsage live, CancellationToken cancellationToken);

    /// <summary>Every entry logged for the job, oldest first; empty when there is no log.</summary>
    Task<IReadOnlyList<JudgeUsageEntry>> ReadAsync(string jobId, CancellationToken cancellationToken);

    Task DeleteAsync(string jobId, CancellationToken cancellationToken);
}
