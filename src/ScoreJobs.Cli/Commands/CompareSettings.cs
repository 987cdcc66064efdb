using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ScoreJobs.Cli.Commands;

internal sealed class CompareSettings : ServerSettings
{
    [CommandArgument(0, "<BASE>")]
    [Description("The run to compare against (say, main's last run)")]
    public string Base { get; init; } = "";

    [CommandArgument(1, "<HEAD>")]
    [Description("The run under review")]
    public string Head { get; init; } = "";

    [CommandOption("--limit <N>")]
    [Description("Show at most N regressions, worst first")]
    [DefaultValue(20)]
    public int Limit { get; init; } = 20;

    [CommandOption("--margin <SCORE>")]
    [Description("A sample regressed when its score fell by more than this (0 to 1). Default: the server's (0.1)")]
    public double? Margin { get; init; }

    [CommandOption("--min-delta <SCORE>")]
    [Description("A metric counts as worse or better only when its mean moved by at least this, beyond noise (0 to 1). Default: 0")]
    public double? MinDelta { get; init; }

    [CommandOption("--fail-on-worse")]
    [Description("Exit 1 when any metric's change is 'worse': its 95% interval leaves 0 out, not just a lower mean")]
    public bool FailOnWorse { get; init; }

    public override ValidationResult Validate() =>
        Limit < 0 ? ValidationResult.Error("--limit must be 0 or more.")
        : Margin is < 0 or > 1 ? ValidationResult.Error("--margin must be a number from 0 to 1.")
        : MinDelta is < 0 or > 1 ? ValidationResult.Error("--min-delta must be a number from 0 to 1.")
        : ValidationResult.Success();
}
