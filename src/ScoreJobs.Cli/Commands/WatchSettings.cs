using System.ComponentModel;
using ScoreJobs.Cli.Watching;
using Spectre.Console.Cli;

namespace ScoreJobs.Cli.Commands;

/// <summary>Options of the commands that can follow a run to its end.</summary>
internal abstract class WatchSettings : ServerSettings
{
    [CommandOption("--wait")]
    [Description("Follow the run until it ends, then print its aggregates; the exit code is the verdict")]
    public bool Wait { get; init; }

    [CommandOption("--timeout <DURATION>")]
    [Description("With --wait: give up waiting after this long (2h, 30m, 90s) and exit 2; the run goes on")]
    public string? Timeout { get; init; }

    [CommandOption("--cancel-on-interrupt")]
    [Description("With --wait: Ctrl+C also cancels the run (by default it only stops waiting)")]
    public bool CancelOnInterrupt { get; init; }

    [CommandOption("--min-agreement <METRIC=FIGURE:FLOOR>")]
    [Description("Exit 3 unless the judge agrees with the run's labelled samples on METRIC at least this much: kappa:0.6 or spearman:0.7. Repeatable")]
    public string[] MinAgreement { get; init; } = [];

    public WatchOptions ToWatchOptions() =>
        new(Wait, Json, Timeout is null ? null : DurationText.Parse(Timeout, "--timeout"), CancelOnInterrupt)
        {
            MinAgreement = [.. MinAgreement.Select(Runs.AgreementFloor.Parse)],
        };
}
