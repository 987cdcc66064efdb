using System.ComponentModel;
using Spectre.Console.Cli;

namespace ScoreJobs.Cli.Commands;

/// <summary>The settings of cancel and retry: one run.</summary>
internal sealed class RunIdSettings : ServerSettings
{
    [CommandArgument(0, "<RUN_ID>")]
    [Description("The run's id, as run printed it")]
    public string RunId { get; init; } = "";
}
