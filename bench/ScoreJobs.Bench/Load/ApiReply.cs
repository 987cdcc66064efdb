namespace ScoreJobs.Bench.Load;

/// <summary>One HTTP exchange as the bench saw it: status (0 when no response came), time, and the parsed body if any.</summary>
internal sealed record ApiReply<T>(int Status, double Milliseconds, T? Value, string? Error)
    where T : class
{
    public bool IsTransportFailure => Status == 0;

    public bool IsServerError => Status >= 500;
}
