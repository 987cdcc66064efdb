using ScoreJobs.Cli.Rendering;
using ScoreJobs.Cli.Runs;
using Spectre.Console;

namespace ScoreJobs.Cli.Watching;

/// <summary>
/// Shows a run's progress while it is polled: a live Spectre progress bar on an interactive terminal, else a plain line
/// when something changed, at most every <see cref="WaitTimings.ProgressLineInterval"/>, for logs and CI pages.
/// </summary>
internal sealed class ProgressView(IAnsiConsole console, bool live, CliEnvironment environment)
{
    public async Task<T> FollowAsync<T>(Func<Action<RunRecord>, Task<T>> poll)
    {
        var eta = new EtaEstimator(environment.Time);
        if (!live) return await poll(PlainLines(eta));

        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("waiting for the first poll", autoStart: true, maxValue: 1);
                return await poll(run =>
                {
                    task.MaxValue = Math.Max(1, run.Samples);
                    task.Value = run.Done;
                    task.Description = TerminalText.Escape(ProgressText.Of(run, eta.Estimate(run.Done, run.Samples)));
                    context.Refresh();
                });
            });
    }

    private Action<RunRecord> PlainLines(EtaEstimator eta)
    {
        string? last = null;
        long lastAt = 0;
        return run =>
        {
            var estimate = eta.Estimate(run.Done, run.Samples);
            var key = $"{run.Status} {run.Done} {run.Counts.Failed} {run.Counts.Cancelled}";
            var due = last is null || environment.Time.GetElapsedTime(lastAt) >= environment.Timings.ProgressLineInterval || run.HasEnded;
            if (key == last || !due) return;
            console.MarkupLine(TerminalText.Escape($"run {run.RunId} {ProgressText.Of(run, estimate)}"));
            last = key;
            lastAt = environment.Time.GetTimestamp();
        };
    }
}
