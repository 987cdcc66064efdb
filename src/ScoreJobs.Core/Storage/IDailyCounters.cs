namespace ScoreJobs.Storage;

/// <summary>
/// Named counters per UTC day, shared by every server or Function instance on the same storage (the calls not sampled;
/// the judge's spend). An add is durable when it returns; a sum reads what every instance added.
/// </summary>
public interface IDailyCounters
{
    Task AddAsync(string name, DateOnly day, double amount, CancellationToken cancellationToken);

    /// <summary>The sum of <paramref name="name"/> over the days from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    Task<double> SumAsync(string name, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}
