using ScoreJobs.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ScoreJobs.Cli.Commands;

/// <summary><c>scorejobs cancel RUN_ID</c> and <c>scorejobs retry RUN_ID</c>: POST the action, print what the server said.</summary>
internal abstract class RunActionCommand(CliEnvironment environment, string action, string done) : AsyncCommand<RunIdSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunIdSettings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient(environment);
        var reply = await client.PostRunActionAsync(settings.RunId, action, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(environment.Out, reply.Json);
            return ExitCodes.Passed;
        }
        var console = environment.CreateOutConsole();
        console.MarkupLine(TerminalText.Escape($"Run {settings.RunId}: {done}. Now {ProgressText.Of(reply.Value, eta: null)}."));
        console.MarkupLine(TerminalText.Escape($"Watch it with: scorejobs status {settings.RunId} --wait --url {client.Server}"));
        return ExitCodes.Passed;
    }
}
