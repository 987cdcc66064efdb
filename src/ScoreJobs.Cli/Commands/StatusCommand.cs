using ScoreJobs.Cli.Watching;
using Spectre.Console.Cli;

namespace ScoreJobs.Cli.Commands;

/// <summary><c>scorejobs status RUN_ID</c>: a run's progress or result; with --wait, follows it to its end.</summary>
internal sealed class StatusCommand(CliEnvironment environment) : AsyncCommand<StatusSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, StatusSettings settings, CancellationToken cancellationToken)
    {
        var watch = settings.ToWatchOptions();
        using var client = settings.CreateClient(environment);
        return await new RunWatch(client, environment, environment.CreateOutConsole(), environment.CreateErrorConsole())
            .ShowAsync(settings.RunId, watch, cancellationToken);
    }
}
