using System.ComponentModel;
using Spectre.Console.Cli;

namespace ScoreJobs.Cli.Commands;

internal sealed class StatusSettings : WatchSettings
{
    [CommandArgument(0, "<RUN_ID>")]
    [Description("The run's id, as run printed it")]
    public string RunId { get; init; } = "";
}
