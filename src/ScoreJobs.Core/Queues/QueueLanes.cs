namespace ScoreJobs.Queues;

/// <summary>
/// The two lanes work travels on. Live jobs (POST /api/score/async) and callbacks use the plain <see cref="IJobQueue"/>;
/// dataset runs' jobs and their expansion and retry messages use the one registered under the key <see cref="Runs"/>
/// (<c>ScoreJobs:RunQueue</c>). Each lane has its own consumer and slots (its own queue trigger in the Functions app), so
/// a live job waits only for live jobs, never behind a run's thousands of samples.
/// </summary>
public static class QueueLanes
{
    /// <summary>The live lane's name where a lane is named (<see cref="LaneListeners"/>); its <see cref="IJobQueue"/> is the unkeyed one.</summary>
    public const string Live = "live";

    /// <summary>The DI key of the runs lane's <see cref="IJobQueue"/>.</summary>
    public const string Runs = "runs";
}
