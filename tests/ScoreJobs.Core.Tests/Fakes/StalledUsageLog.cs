using ScoreJobs.Judge;
using ScoreJobs.Storage;

namespace ScoreJobs.Fakes;

/// <summary>
/// A usage log whose lines that count calls for one attempt never land: the process dies with those writes in flight.
/// Every other line goes to the real log underneath.
/// </summary>
internal sealed class StalledUsageLog(IJudgeUsageLog inner, int stalledAttempt) : IJudgeUsageLog
{
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first write of a call's line has stalled.</summary>
    public Task FirstStall => _stalled.Task;

    public Task AppendAsync(string jobId, int attempt, TokenUsage live, CancellationToken cancellationToken)
    {
        if (attempt != stalledAttempt || live.JudgeCalls == 0) return inner.AppendAsync(jobId, attempt, live, cancellationToken);
        _stalled.TrySetResult();
        return _never.Task;
    }

    public Task<IReadOnlyList<JudgeUsageEntry>> ReadAsync(string jobId, CancellationToken cancellationToken) => inner.ReadAsync(jobId, cancellationToken);

    public Task DeleteAsync(string jobId, CancellationToken cancellationToken) => inner.DeleteAsync(jobId, cancellationToken);
}
