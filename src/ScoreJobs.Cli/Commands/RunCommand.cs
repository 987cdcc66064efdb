using ScoreJobs.Cli.Datasets;
using ScoreJobs.Cli.Rendering;
using ScoreJobs.Cli.Watching;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ScoreJobs.Cli.Commands;

/// <summary><c>scorejobs run FILE</c>: submits the dataset as one run; with --wait, follows it and exits with its verdict.</summary>
internal sealed class RunCommand(CliEnvironment environment) : AsyncCommand<RunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        var watch = settings.ToWatchOptions();
        var upload = RunUpload.Read(settings.File, settings.ToRunOptions());
        using var client = settings.CreateClient(environment);
        var output = environment.CreateOutConsole();
        var errors = environment.CreateErrorConsole();

        if (settings.DryRun)
        {
            var estimate = await client.EstimateRunAsync(upload.CreateContent(), upload.Query, cancellationToken);
            if (settings.Json) JsonOutput.Write(environment.Out, estimate.Json);
            else RunEstimateReport.Write(output, estimate.Value);
            return ExitCodes.Passed;
        }

        // One key per invocation: the client's own retries of this POST return the same run instead of a second one.
        var idempotencyKey = $"scorejobs-cli-{Guid.NewGuid():N}";
        var accepted = await client.SubmitRunAsync(upload.CreateContent(), upload.Query, idempotencyKey, cancellationToken);
        var run = accepted.Value;
        var statusUrl = client.Server.Resolve(run.StatusUrl ?? $"api/score/runs/{Uri.EscapeDataString(run.RunId)}");

        if (!settings.Wait)
        {
            if (settings.Json)
            {
                JsonOutput.Write(environment.Out, accepted.Json);
                return ExitCodes.Passed;
            }
            output.MarkupLine(TerminalText.Escape($"Submitted run {run.RunId} ({Numbers.Samples(run.Samples)}, {run.Status ?? "queued"})."));
            output.MarkupLine(TerminalText.Escape($"Status: {statusUrl}"));
            output.MarkupLine(TerminalText.Escape($"Watch it with: scorejobs status {run.RunId} --wait --url {client.Server}"));
            return ExitCodes.Passed;
        }

        (settings.Json ? errors : output).MarkupLine(TerminalText.Escape($"Submitted run {run.RunId} ({Numbers.Samples(run.Samples)}). Status: {statusUrl}"));
        // The server says when a first look is worth it (Retry-After on the 202).
        return await new RunWatch(client, environment, output, errors).ShowAsync(run.RunId, watch, cancellationToken, firstPollAfter: accepted.RetryAfter);
    }
}
