using ScoreJobs.Cli.Rendering;
using ScoreJobs.Cli.Api;
using ScoreJobs.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ScoreJobs.Cli;

/// <summary>The CLI as a function: arguments and an environment in, an exit code out. Program and the tests call it.</summary>
internal static class ScoreJobsCli
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken interrupt = default)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("scorejobs");
            config.SetApplicationVersion(ScoreJobsClient.Version);
            config.UseStrictParsing();
            config.ConfigureConsole(environment.CreateOutConsole());
            config.Settings.Registrar.RegisterInstance(environment);
            config.SetExceptionHandler((exception, _) => Report(exception, environment, interrupt));

            config.AddCommand<RunCommand>("run")
                .WithDescription("Submit a dataset as one run; with --wait, follow it and exit 0 passed, 1 failed, 2 error")
                .WithExample("run", "qa.jsonl", "--url", "https://my-app.azurewebsites.net", "--metrics", "token_f1,rouge_l", "--threshold", "token_f1=0.6", "--wait");
            config.AddCommand<StatusCommand>("status")
                .WithDescription("Show a run's progress or result; with --wait, follow it to its end")
                .WithExample("status", "r_abc123", "--wait");
            config.AddCommand<CompareCommand>("compare")
                .WithDescription("Compare two runs: per-metric deltas and the samples that regressed")
                .WithExample("compare", "r_base", "r_head", "--limit", "10");
            config.AddCommand<CancelCommand>("cancel").WithDescription("Cancel a run: samples not started end cancelled");
            config.AddCommand<RetryCommand>("retry").WithDescription("Score again the samples of a run whose job failed or has a failed metric");
        });
        return await app.RunAsync(args, interrupt);
    }

    /// <summary>Every failure ends as a sentence on stderr and an exit code, never a stack trace.</summary>
    private static int Report(Exception exception, CliEnvironment environment, CancellationToken interrupt)
    {
        var errors = environment.CreateErrorConsole();
        switch (exception)
        {
            case OperationCanceledException when interrupt.IsCancellationRequested:
                errors.MarkupLine("Interrupted.");
                return ExitCodes.Interrupted;
            case CliException cli:
                errors.MarkupLine($"[red]Error:[/] {TerminalText.EscapeLines(cli.Message)}");
                return cli.ExitCode;
            case CommandAppException usage:
                if (usage.Pretty is { } pretty) errors.Write(pretty);
                else errors.MarkupLine($"[red]Error:[/] {TerminalText.EscapeLines(usage.Message)}");
                errors.MarkupLine("See scorejobs --help for the commands, or scorejobs COMMAND --help for one.");
                return ExitCodes.Error;
            default:
                errors.MarkupLine($"[red]Error:[/] {TerminalText.EscapeLines(exception.Message)}");
                return ExitCodes.Error;
        }
    }
}
