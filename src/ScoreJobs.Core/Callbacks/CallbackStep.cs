namespace ScoreJobs.Callbacks;

/// <summary>
/// What one delivery attempt means for a callback, whoever owns it (a job or a dataset run): how many attempts are
/// made now, the callback's status, and the wait before the next attempt when there is one (<see cref="CallbackSchedule"/>).
/// </summary>
internal readonly record struct CallbackStep(int Made, CallbackStatus Status, TimeSpan? Delay, CallbackAttempt Attempt)
{
    public static CallbackStep After(CallbackResult result, int attemptsBefore)
    {
        var made = attemptsBefore + 1;
        var delay = result.Outcome == CallbackOutcome.Failed ? CallbackSchedule.DelayAfter(made) : null;
        var status = result.Outcome == CallbackOutcome.Delivered ? CallbackStatus.Delivered : delay is null ? CallbackStatus.Failed : CallbackStatus.Pending;
        return new CallbackStep(made, status, delay, result.Attempt);
    }

    /// <summary>The callback with this attempt recorded.</summary>
    public CallbackState Apply(CallbackState callback, DateTimeOffset now) => callback with
    {
        Status = Status,
        Attempts = [.. callback.Attempts, Attempt],
        NextAttemptAt = Status == CallbackStatus.Pending ? now + Delay : null,
    };
}
