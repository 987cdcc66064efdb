using Polly;
using Polly.Retry;

namespace ScoreJobs.Storage;

/// <summary>
/// Read, change, replace if unchanged: the protocol of every conditional write to a record here. An attempt reads
/// what it needs, decides, and writes on condition that the record has not changed since it was read. An attempt that
/// lost that race (<see cref="UpdateAttempt{T}.Conflict"/>) is made again, through a Polly retry on the injected
/// <see cref="TimeProvider"/>, up to <c>attempts</c> attempts in all; then <c>whenExhausted</c> gives the result (or throws).
/// Storage faults are not retried here: they surface, so the message that asked comes back.
/// </summary>
internal sealed class ConditionalUpdate
{
    private readonly ResiliencePipeline<bool> _pipeline;

    /// <param name="time">The clock the pause between attempts waits on.</param>
    /// <param name="attempts">Attempts in all, the first included.</param>
    /// <param name="pause">
    /// Zero (the default) to read again at once; otherwise the first pause, growing linearly and jittered (so writers
    /// that collided do not collide again in step), at most ten times as long.
    /// </param>
    public ConditionalUpdate(TimeProvider time, int attempts, TimeSpan pause = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pause, TimeSpan.Zero);
        Attempts = attempts;
        var builder = new ResiliencePipelineBuilder<bool> { TimeProvider = time };
        if (attempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<bool>
            {
                // The outcome is "lost the race"; only that is retried, never an exception.
                ShouldHandle = new PredicateBuilder<bool>().HandleResult(true),
                MaxRetryAttempts = attempts - 1,
                Delay = pause,
                BackoffType = DelayBackoffType.Linear,
                UseJitter = pause > TimeSpan.Zero,
                MaxDelay = pause > TimeSpan.Zero ? pause * 10 : null,
            });
        }

        _pipeline = builder.Build();
    }

    /// <summary>Attempts in all, the first included.</summary>
    public int Attempts { get; }

    /// <summary>
    /// Makes <paramref name="attempt"/> (given its 0-based number) until one is done rather than a conflict, or
    /// <see cref="Attempts"/> were made, when the result is <paramref name="whenExhausted"/>'s.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<int, CancellationToken, Task<UpdateAttempt<T>>> attempt, Func<T> whenExhausted, CancellationToken cancellationToken)
    {
        var made = 0;
        var result = default(T);
        var conflicted = await _pipeline.ExecuteAsync(async ct =>
        {
            var outcome = await attempt(made++, ct).ConfigureAwait(false);
            result = outcome.Result;
            return outcome.IsConflict;
        }, cancellationToken).ConfigureAwait(false);
        return conflicted ? whenExhausted() : result!;
    }
}
