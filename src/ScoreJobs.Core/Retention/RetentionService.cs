using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ScoreJobs.Retention;

/// <summary>
/// The self-hosted server's daily sweep (the Functions app has a timer trigger instead): once at start, then every 24
/// hours on the injected clock. A failed sweep is logged; the next one finishes its work.
/// </summary>
internal sealed class RetentionService(RetentionSweep sweep, TimeProvider time, ILogger<RetentionService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await sweep.SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                RetentionLog.SweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
