using Microsoft.Azure.Functions.Worker;
using ScoreJobs.Retention;

namespace ScoreFunctions.Functions;

/// <summary>
/// The daily retention sweep of the Functions app, at 03:30 UTC: the same sweep the server runs in the background. It
/// does nothing while <c>ScoreJobs__RetentionDays</c> is unset. One instance at a time (the timer's lease), and a sweep cut
/// off part-way is finished by the next.
/// </summary>
public sealed class RetentionFunction(RetentionSweep sweep)
{
    [Function(nameof(SweepRetention))]
    public Task SweepRetention([TimerTrigger("0 30 3 * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweep.SweepAsync(cancellationToken);
}
