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

    public override ValidationResult Validate() =>
        Limit < 0 ? ValidationResult.Error("--limit must be 0 or more.")
        : Margin is < 0 or > 1 ? ValidationResult.Error("--margin must be a number from 0 to 1.")
        : ValidationResult.Success();
}
