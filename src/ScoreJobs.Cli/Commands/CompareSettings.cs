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

    public override ValidationResult Validate() =>
        Limit < 0 ? ValidationResult.Error("--limit must be 0 or more.") : ValidationResult.Success();
}
