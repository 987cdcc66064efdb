using ScoreJobs.Cli.Rendering;
using Spectre.Console.Cli;

namespace ScoreJobs.Cli.Commands;

/// <summary>
/// <c>scorejobs compare BASE HEAD</c>: per-metric deltas between two runs, whether each is beyond noise, and the samples that
/// regressed; with <c>--fail-on-worse</c>, exit 1 when a metric got worse beyond noise.
/// </summary>
internal sealed class CompareCommand(CliEnvironment environment) : AsyncCommand<CompareSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CompareSettings settings, CancellationToken cancellationToken)
    {
        using var client = settings.CreateClient(environment);
        var reply = await client.CompareAsync(settings.Base, settings.Head, settings.Margin, settings.MinDelta, cancellationToken);
        var worse = reply.Value.Metrics.Where(m => m.Value.IsWorse).Select(m => m.Key).Order(StringComparer.Ordinal).ToList();
        if (settings.Json) JsonOutput.Write(environment.Out, reply.Json);
        else ComparisonReport.Write(environment.CreateOutConsole(), reply.Value, settings.Limit);
        if (!settings.FailOnWorse || worse.Count == 0) return ExitCodes.Passed;
        environment.Error.WriteLine($"Worse beyond noise: {string.Join(", ", worse)} (--fail-on-worse).");
        return ExitCodes.Failed;
    }
}
