namespace ScoreJobs.Jobs;

/// <summary>What one run of a queue message did.</summary>
public enum ScoringOutcome
{
    /// <summary>The job was scored and its record finished (completed or failed).</summary>
    Finished,

    /// <summary>The job had finished already (a redelivery); nothing was redone or overwritten.</summary>
    AlreadyFinished,

    /// <summary>
    /// Another delivery of the job is being scored in this process (a message queued twice): this one did nothing, and
    /// the other settles the job.
    /// </summary>
    AlreadyRunning,

    /// <summary>No record has that id: the message is not one of ours.</summary>
    UnknownJob,

    /// <summary>The job belonged to a run that was cancelled before it started: it ended cancelled, unscored.</summary>
    Cancelled,

    /// <summary>
    /// The job needs the judge and today's judge budget is spent: it stays queued (<c>waiting: "budget"</c>), not started,
    /// and its message must come back later without counting as a failed delivery.
    /// </summary>
    WaitingForBudget,
}
