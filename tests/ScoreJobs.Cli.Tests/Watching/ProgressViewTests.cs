using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Cli.Runs;
using Spectre.Console.Testing;

namespace ScoreJobs.Cli.Watching;

public sealed class ProgressViewTests
{
    private static RunRecord Progress(int completed, int failed = 0, string status = RunStatus.Running) => SampleRuns.Running() with
    {
        Status = status,
        Samples = 10,
        Counts = new RunCounts { Completed = completed, Failed = failed, Queued = 10 - completed - failed },
    };

    [Fact]
    public async Task FollowAsync_NotATerminal_PrintsAPlainLineWhenSomethingChangedAtMostEveryInterval()
    {
        var console = new TestConsole().Width(160);
        var time = new FakeTimeProvider();
        var environment = new CliEnvironment(TextWriter.Null, TextWriter.Null, false, false, _ => null, time)
        {
            Timings = new WaitTimings { ProgressLineInterval = TimeSpan.FromSeconds(10) },
        };
        var view = new ProgressView(console, live: false, environment);

        await view.FollowAsync(report =>
        {
            report(Progress(0));
            time.Advance(TimeSpan.FromSeconds(5));
            report(Progress(2));                  // changed, but too soon
            time.Advance(TimeSpan.FromSeconds(5));
            report(Progress(4, failed: 1));       // 10 s since the last line: printed, with an ETA
            time.Advance(TimeSpan.FromSeconds(20));
            report(Progress(5, failed: 1));       // ... no change after this one
            time.Advance(TimeSpan.FromSeconds(20));
            report(Progress(5, failed: 1));
            report(Progress(9, failed: 1, RunStatus.Completed)); // the end is always printed
            return Task.FromResult(0);
        });

        Assert.Equal(
        [
            "run r_abc running: 0/10 samples done (0%), 0 failed",
            "run r_abc running: 5/10 samples done (50%), 1 failed, ETA 10s",
            "run r_abc running: 6/10 samples done (60%), 1 failed, ETA 20s",
            "run r_abc completed: 10/10 samples done (100%), 1 failed",
        ], console.Lines);
    }
}
