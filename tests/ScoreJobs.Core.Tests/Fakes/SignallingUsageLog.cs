using ScoreJobs.Judge;
using ScoreJobs.Storage;

namespace ScoreJobs.Fakes;

/// <summary>The real usage log, completing <paramref name="firstCall"/> once a call's line has been written.</summary>
internal sealed class SignallingUsageLog(IJudgeUsageLog inner, TaskCompletionSource firstCall) : IJudgeUsageLog
{
    public async Task AppendAsync(string jobId, int attempt, TokenUsage live, CancellationToken cancellationToken)
    {
        await inner.AppendAsync(jobId, attempt, live, cancellationToken);
        if (live.JudgeCalls > 0) firstCall.TrySetResult();
    }

    public Task<IReadOnlyList<JudgeUsageEntry>> ReadAsync(string jobId, CancellationToken cancellationToken) => inner.ReadAsync(jobId, cancellationToken);

    public Task DeleteAsync(string jobId, CancellationToken cancellationToken) => inner.DeleteAsync(jobId, cancellationToken);
}
