namespace ScoreJobs.Queues;

/// <summary>
/// Which lanes this app writes to have no listener in it, and the sentence that says why and how to fix it. The
/// self-hosted server listens on both lanes (<see cref="Hosting.ScoreJobsServiceCollectionExtensions.AddScoreJobsWorker"/>);
/// a host whose listeners can be switched off (the Functions app: a queue trigger disabled by its app setting) registers
/// the ones that are off. Readiness reports them, and a route that would enqueue on such a lane answers 503 with the
/// sentence instead of accepting work nothing would take.
/// </summary>
public sealed class LaneListeners(IReadOnlyDictionary<string, string> unheard)
{
    /// <summary>Both lanes have a listener.</summary>
    public static LaneListeners All { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Lane (<see cref="QueueLanes.Live"/> or <see cref="QueueLanes.Runs"/>) to why nothing listens on it.</summary>
    public IReadOnlyDictionary<string, string> Unheard => unheard;

    /// <summary>Why nothing listens on <paramref name="lane"/>, or null when something does.</summary>
    public string? WhyUnheard(string lane) => unheard.GetValueOrDefault(lane);
}
