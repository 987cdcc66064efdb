namespace ScoreJobs.Storage;

/// <summary>How one attempt of a <see cref="ConditionalUpdate"/> ended: done with a result, or lost the race to another writer.</summary>
internal readonly record struct UpdateAttempt<T>(T Result, bool IsConflict)
{
    public static UpdateAttempt<T> Conflict => new(default!, true);

    public static UpdateAttempt<T> Done(T result) => new(result, false);
}
