using ScoreJobs.Cli.Rendering;
using Spectre.Console.Cli;

namespace ScoreJobs.Cli.Commands;

/// <summary><c>scorejobs compare BASE HEAD</c>: per-metric deltas between two runs and the samples that regressed.</summary>
internal sealed class CompareCommand(CliEnvironment environment) : AsyncCommand<CompareSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CompareSettings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient(environment);
        var reply = await client.CompareAsync(settings.Base, settings.Head, settings.Margin, cancellationToken);
        if (settings.Json) JsonOutput.Write(environment.Out, reply.Json);
        else ComparisonReport.Write(environment.CreateOutConsole(), reply.Value, settings.Limit);
        return ExitCodes.Passed;
    }
}
