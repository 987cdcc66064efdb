namespace ScoreJobs.Jobs;

/// <summary>
/// Thrown to a queue trigger's runtime when a job failed and deliveries remain: the runtime makes the message
/// visible again and delivers it once more. <see cref="Exception.InnerException"/> is the failure.
/// </summary>
internal sealed class JobRetryException : Exception
{
    public JobRetryException()
    {
    }

    public JobRetryException(string message)
        : base(message)
    {
    }

    public JobRetryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
